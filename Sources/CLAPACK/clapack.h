// The few LAPACK routines scaleplan uses, declared as the Fortran library exports them
// (Debian's liblapack-dev, reference LAPACK built with gfortran, 32-bit INTEGER).
//
// Fortran passes every argument by reference and appends one hidden argument per
// CHARACTER argument: its length, a size_t since gfortran 8. Omitting those lengths
// "works" until it doesn't, so they are declared and passed (always 1).
#ifndef SCALEPLAN_CLAPACK_H
#define SCALEPLAN_CLAPACK_H

#include <stddef.h>

typedef int lapack_int;

// Minimum-norm least squares via divide-and-conquer SVD.
void dgelsd_(const lapack_int *m, const lapack_int *n, const lapack_int *nrhs,
             double *a, const lapack_int *lda, double *b, const lapack_int *ldb,
             double *s, const double *rcond, lapack_int *rank,
             double *work, const lapack_int *lwork, lapack_int *iwork, lapack_int *info);

// Symmetric positive definite solve (Cholesky).
void dposv_(const char *uplo, const lapack_int *n, const lapack_int *nrhs,
            double *a, const lapack_int *lda, double *b, const lapack_int *ldb,
            lapack_int *info, size_t uplo_len);

// Singular value decomposition, divide and conquer.
void dgesdd_(const char *jobz, const lapack_int *m, const lapack_int *n,
             double *a, const lapack_int *lda, double *s,
             double *u, const lapack_int *ldu, double *vt, const lapack_int *ldvt,
             double *work, const lapack_int *lwork, lapack_int *iwork, lapack_int *info,
             size_t jobz_len);

// Symmetric eigenproblem.
void dsyev_(const char *jobz, const char *uplo, const lapack_int *n,
            double *a, const lapack_int *lda, double *w,
            double *work, const lapack_int *lwork, lapack_int *info,
            size_t jobz_len, size_t uplo_len);

// General LU factorisation, and the inverse from it.
void dgetrf_(const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda,
             lapack_int *ipiv, lapack_int *info);
void dgetri_(const lapack_int *n, double *a, const lapack_int *lda, const lapack_int *ipiv,
             double *work, const lapack_int *lwork, lapack_int *info);

// General solve A X = B (LU with partial pivoting).
void dgesv_(const lapack_int *n, const lapack_int *nrhs, double *a, const lapack_int *lda,
            lapack_int *ipiv, double *b, const lapack_int *ldb, lapack_int *info);

#endif
