/**
 * debounce and throttle helpers for UI event handlers.
 *
 * debounce(fn, wait) delays calling fn until `wait` ms have passed
 * without another call -- useful for search boxes and resize handlers.
 * throttle(fn, wait) calls fn at most once every `wait` ms.
 */

export function debounce(fn, wait = 200, { leading = false } = {}) {
  let timer = null;
  let lastArgs = null;
  let lastThis = null;

  function invoke() {
    const args = lastArgs;
    const ctx = lastThis;
    lastArgs = lastThis = null;
    return fn.apply(ctx, args);
  }

  function debounced(...args) {
    lastArgs = args;
    lastThis = this;
    const callNow = leading && timer === null;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!leading && lastArgs) invoke();
    }, wait);
    if (callNow) invoke();
  }

  debounced.cancel = () => {
    clearTimeout(timer);
    timer = null;
    lastArgs = lastThis = null;
  };

  debounced.flush = () => {
    if (timer !== null && lastArgs) {
      clearTimeout(timer);
      timer = null;
      invoke();
    }
  };

  return debounced;
}

export function throttle(fn, wait = 100) {
  let last = 0;
  let pending = null;
  return function throttled(...args) {
    const now = Date.now();
    const remaining = wait - (now - last);
    if (remaining <= 0) {
      clearTimeout(pending);
      pending = null;
      last = now;
      fn.apply(this, args);
    } else if (pending === null) {
      pending = setTimeout(() => {
        last = Date.now();
        pending = null;
        fn.apply(this, args);
      }, remaining);
    }
  };
}

// Example: live search that only queries after typing pauses.
if (typeof document !== 'undefined') {
  const input = document.querySelector('#search');
  const results = document.querySelector('#results');
  const search = debounce(async (q) => {
    if (!q.trim()) {
      results.replaceChildren();
      return;
    }
    const res = await fetch(`/api/search?q=${encodeURIComponent(q)}`);
    const items = await res.json();
    results.replaceChildren(...items.map((it) => {
      const li = document.createElement('li');
      li.textContent = it.title;
      return li;
    }));
  }, 250);
  input?.addEventListener('input', (e) => search(e.target.value));
}
