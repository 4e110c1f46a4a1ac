"""Single-source shortest paths with Dijkstra's algorithm.

The graph is an adjacency mapping ``{node: [(neighbour, weight), ...]}`` with
non-negative weights.  A binary heap gives O((V + E) log V) running time.
Stale heap entries are skipped lazily instead of using decrease-key.
"""

from __future__ import annotations

import heapq
import math
from typing import Dict, Hashable, Iterable, List, Optional, Tuple

Node = Hashable
Graph = Dict[Node, List[Tuple[Node, float]]]


def dijkstra(graph: Graph, source: Node) -> Tuple[Dict[Node, float], Dict[Node, Optional[Node]]]:
    """Return (distance, predecessor) maps for every node reachable from source."""
    dist: Dict[Node, float] = {source: 0.0}
    prev: Dict[Node, Optional[Node]] = {source: None}
    heap: List[Tuple[float, int, Node]] = [(0.0, 0, source)]
    counter = 1  # tie-breaker so that nodes never need to be comparable
    done = set()

    while heap:
        d, _, u = heapq.heappop(heap)
        if u in done:
            continue  # stale entry: a shorter path to u was already settled
        done.add(u)
        for v, w in graph.get(u, ()):
            if w < 0:
                raise ValueError(f"negative edge weight {w} on {u!r} -> {v!r}")
            nd = d + w
            if nd < dist.get(v, math.inf):
                dist[v] = nd
                prev[v] = u
                heapq.heappush(heap, (nd, counter, v))
                counter += 1
    return dist, prev


def path_to(prev: Dict[Node, Optional[Node]], target: Node) -> List[Node]:
    """Rebuild the path from the source to target using the predecessor map."""
    if target not in prev:
        return []
    path = [target]
    while prev[path[-1]] is not None:
        path.append(prev[path[-1]])  # type: ignore[arg-type]
    path.reverse()
    return path


def from_edges(edges: Iterable[Tuple[Node, Node, float]], undirected: bool = False) -> Graph:
    graph: Graph = {}
    for u, v, w in edges:
        graph.setdefault(u, []).append((v, w))
        graph.setdefault(v, [])
        if undirected:
            graph[v].append((u, w))
    return graph


if __name__ == "__main__":
    # Travel times in minutes between stops on a small tram network.
    g = from_edges([
        ("Quay", "Market", 4), ("Market", "Castle", 3), ("Quay", "Station", 9),
        ("Castle", "Station", 2), ("Station", "University", 6),
        ("Market", "University", 12), ("Castle", "Park", 7), ("Park", "University", 3),
    ], undirected=True)
    dist, prev = dijkstra(g, "Quay")
    for stop in sorted(dist, key=dist.get):
        print(f"{stop:<11} {dist[stop]:>5.1f} min  via {' -> '.join(path_to(prev, stop))}")
