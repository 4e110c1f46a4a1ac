// OpenBLAS's CBLAS interface (libopenblas-dev); its cblas.h also declares openblas_set_num_threads.
#include <cblas.h>
