// OpenBLAS's CBLAS interface (libopenblas-dev); its cblas.h also declares openblas_set_num_threads.
#include <cblas.h>
#include <stddef.h>

// LAPACK's symmetric eigensolver (MRRR), which libopenblas also exports; the trailing lengths are
// gfortran's hidden arguments for the three character flags.
void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a, const int *lda,
             const double *vl, const double *vu, const int *il, const int *iu, const double *abstol, int *m,
             double *w, double *z, const int *ldz, int *isuppz, double *work, const int *lwork, int *iwork,
             const int *liwork, int *info, size_t jobz_len, size_t range_len, size_t uplo_len);
