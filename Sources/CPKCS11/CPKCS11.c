/* The PKCS #11 interface is declared in include/CPKCS11.h; modules are loaded at run time. */
