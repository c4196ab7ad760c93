/*
 * The part of the PKCS #11 (Cryptoki) interface this project uses, written for it from the
 * OASIS "PKCS #11 Cryptographic Token Interface Base Specification" versions 2.40 and 3.0
 * (types, constants and the CK_FUNCTION_LIST layout of version 2.40, which 3.0 modules still
 * return from C_GetFunctionList). Only what the signer needs is given a real type; the other
 * entries of the function list are opaque pointers that keep the layout.
 *
 * On Unix-like systems the structures use the platform's normal alignment (no packing).
 */
#ifndef MODEL_SIGNING_CPKCS11_H
#define MODEL_SIGNING_CPKCS11_H

typedef unsigned char CK_BYTE;
typedef CK_BYTE CK_BBOOL;
typedef CK_BYTE CK_UTF8CHAR;
typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_FLAGS;
typedef CK_ULONG CK_RV;
typedef CK_ULONG CK_SLOT_ID;
typedef CK_ULONG CK_SESSION_HANDLE;
typedef CK_ULONG CK_OBJECT_HANDLE;
typedef CK_ULONG CK_USER_TYPE;
typedef CK_ULONG CK_ATTRIBUTE_TYPE;
typedef CK_ULONG CK_MECHANISM_TYPE;
typedef CK_ULONG CK_NOTIFICATION;

typedef struct CK_VERSION {
    CK_BYTE major;
    CK_BYTE minor;
} CK_VERSION;

typedef struct CK_TOKEN_INFO {
    CK_UTF8CHAR label[32];
    CK_UTF8CHAR manufacturerID[32];
    CK_UTF8CHAR model[16];
    CK_BYTE serialNumber[16];
    CK_FLAGS flags;
    CK_ULONG ulMaxSessionCount;
    CK_ULONG ulSessionCount;
    CK_ULONG ulMaxRwSessionCount;
    CK_ULONG ulRwSessionCount;
    CK_ULONG ulMaxPinLen;
    CK_ULONG ulMinPinLen;
    CK_ULONG ulTotalPublicMemory;
    CK_ULONG ulFreePublicMemory;
    CK_ULONG ulTotalPrivateMemory;
    CK_ULONG ulFreePrivateMemory;
    CK_VERSION hardwareVersion;
    CK_VERSION firmwareVersion;
    CK_BYTE utcTime[16];
} CK_TOKEN_INFO;

typedef struct CK_ATTRIBUTE {
    CK_ATTRIBUTE_TYPE type;
    void *pValue;
    CK_ULONG ulValueLen;
} CK_ATTRIBUTE;

typedef struct CK_MECHANISM {
    CK_MECHANISM_TYPE mechanism;
    void *pParameter;
    CK_ULONG ulParameterLen;
} CK_MECHANISM;

typedef CK_RV (*CK_CREATEMUTEX)(void **ppMutex);
typedef CK_RV (*CK_DESTROYMUTEX)(void *pMutex);
typedef CK_RV (*CK_LOCKMUTEX)(void *pMutex);
typedef CK_RV (*CK_UNLOCKMUTEX)(void *pMutex);

typedef struct CK_C_INITIALIZE_ARGS {
    CK_CREATEMUTEX CreateMutex;
    CK_DESTROYMUTEX DestroyMutex;
    CK_LOCKMUTEX LockMutex;
    CK_UNLOCKMUTEX UnlockMutex;
    CK_FLAGS flags;
    void *pReserved;
} CK_C_INITIALIZE_ARGS;

typedef CK_RV (*CK_NOTIFY)(CK_SESSION_HANDLE hSession, CK_NOTIFICATION event, void *pApplication);

struct CK_FUNCTION_LIST;

typedef CK_RV (*CK_C_Initialize)(void *pInitArgs);
typedef CK_RV (*CK_C_Finalize)(void *pReserved);
typedef CK_RV (*CK_C_GetFunctionList)(struct CK_FUNCTION_LIST **ppFunctionList);
typedef CK_RV (*CK_C_GetSlotList)(CK_BBOOL tokenPresent, CK_SLOT_ID *pSlotList, CK_ULONG *pulCount);
typedef CK_RV (*CK_C_GetTokenInfo)(CK_SLOT_ID slotID, CK_TOKEN_INFO *pInfo);
typedef CK_RV (*CK_C_OpenSession)(CK_SLOT_ID slotID, CK_FLAGS flags, void *pApplication, CK_NOTIFY Notify,
                                  CK_SESSION_HANDLE *phSession);
typedef CK_RV (*CK_C_CloseSession)(CK_SESSION_HANDLE hSession);
typedef CK_RV (*CK_C_Login)(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR *pPin, CK_ULONG ulPinLen);
typedef CK_RV (*CK_C_Logout)(CK_SESSION_HANDLE hSession);
typedef CK_RV (*CK_C_GetAttributeValue)(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
                                        CK_ATTRIBUTE *pTemplate, CK_ULONG ulCount);
typedef CK_RV (*CK_C_FindObjectsInit)(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE *pTemplate, CK_ULONG ulCount);
typedef CK_RV (*CK_C_FindObjects)(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE *phObject,
                                  CK_ULONG ulMaxObjectCount, CK_ULONG *pulObjectCount);
typedef CK_RV (*CK_C_FindObjectsFinal)(CK_SESSION_HANDLE hSession);
typedef CK_RV (*CK_C_SignInit)(CK_SESSION_HANDLE hSession, CK_MECHANISM *pMechanism, CK_OBJECT_HANDLE hKey);
typedef CK_RV (*CK_C_Sign)(CK_SESSION_HANDLE hSession, CK_BYTE *pData, CK_ULONG ulDataLen,
                           CK_BYTE *pSignature, CK_ULONG *pulSignatureLen);

/* An entry of the function list this project never calls. */
typedef void (*CK_UNUSED_FUNCTION)(void);

/* Version 2.40 function list: the version, then the 68 functions in the specification's order. */
typedef struct CK_FUNCTION_LIST {
    CK_VERSION version;
    CK_C_Initialize C_Initialize;
    CK_C_Finalize C_Finalize;
    CK_UNUSED_FUNCTION C_GetInfo;
    CK_C_GetFunctionList C_GetFunctionList;
    CK_C_GetSlotList C_GetSlotList;
    CK_UNUSED_FUNCTION C_GetSlotInfo;
    CK_C_GetTokenInfo C_GetTokenInfo;
    CK_UNUSED_FUNCTION C_GetMechanismList;
    CK_UNUSED_FUNCTION C_GetMechanismInfo;
    CK_UNUSED_FUNCTION C_InitToken;
    CK_UNUSED_FUNCTION C_InitPIN;
    CK_UNUSED_FUNCTION C_SetPIN;
    CK_C_OpenSession C_OpenSession;
    CK_C_CloseSession C_CloseSession;
    CK_UNUSED_FUNCTION C_CloseAllSessions;
    CK_UNUSED_FUNCTION C_GetSessionInfo;
    CK_UNUSED_FUNCTION C_GetOperationState;
    CK_UNUSED_FUNCTION C_SetOperationState;
    CK_C_Login C_Login;
    CK_C_Logout C_Logout;
    CK_UNUSED_FUNCTION C_CreateObject;
    CK_UNUSED_FUNCTION C_CopyObject;
    CK_UNUSED_FUNCTION C_DestroyObject;
    CK_UNUSED_FUNCTION C_GetObjectSize;
    CK_C_GetAttributeValue C_GetAttributeValue;
    CK_UNUSED_FUNCTION C_SetAttributeValue;
    CK_C_FindObjectsInit C_FindObjectsInit;
    CK_C_FindObjects C_FindObjects;
    CK_C_FindObjectsFinal C_FindObjectsFinal;
    CK_UNUSED_FUNCTION C_EncryptInit;
    CK_UNUSED_FUNCTION C_Encrypt;
    CK_UNUSED_FUNCTION C_EncryptUpdate;
    CK_UNUSED_FUNCTION C_EncryptFinal;
    CK_UNUSED_FUNCTION C_DecryptInit;
    CK_UNUSED_FUNCTION C_Decrypt;
    CK_UNUSED_FUNCTION C_DecryptUpdate;
    CK_UNUSED_FUNCTION C_DecryptFinal;
    CK_UNUSED_FUNCTION C_DigestInit;
    CK_UNUSED_FUNCTION C_Digest;
    CK_UNUSED_FUNCTION C_DigestUpdate;
    CK_UNUSED_FUNCTION C_DigestKey;
    CK_UNUSED_FUNCTION C_DigestFinal;
    CK_C_SignInit C_SignInit;
    CK_C_Sign C_Sign;
    CK_UNUSED_FUNCTION C_SignUpdate;
    CK_UNUSED_FUNCTION C_SignFinal;
    CK_UNUSED_FUNCTION C_SignRecoverInit;
    CK_UNUSED_FUNCTION C_SignRecover;
    CK_UNUSED_FUNCTION C_VerifyInit;
    CK_UNUSED_FUNCTION C_Verify;
    CK_UNUSED_FUNCTION C_VerifyUpdate;
    CK_UNUSED_FUNCTION C_VerifyFinal;
    CK_UNUSED_FUNCTION C_VerifyRecoverInit;
    CK_UNUSED_FUNCTION C_VerifyRecover;
    CK_UNUSED_FUNCTION C_DigestEncryptUpdate;
    CK_UNUSED_FUNCTION C_DecryptDigestUpdate;
    CK_UNUSED_FUNCTION C_SignEncryptUpdate;
    CK_UNUSED_FUNCTION C_DecryptVerifyUpdate;
    CK_UNUSED_FUNCTION C_GenerateKey;
    CK_UNUSED_FUNCTION C_GenerateKeyPair;
    CK_UNUSED_FUNCTION C_WrapKey;
    CK_UNUSED_FUNCTION C_UnwrapKey;
    CK_UNUSED_FUNCTION C_DeriveKey;
    CK_UNUSED_FUNCTION C_SeedRandom;
    CK_UNUSED_FUNCTION C_GenerateRandom;
    CK_UNUSED_FUNCTION C_GetFunctionStatus;
    CK_UNUSED_FUNCTION C_CancelFunction;
    CK_UNUSED_FUNCTION C_WaitForSlotEvent;
} CK_FUNCTION_LIST;

/* Return values. */
#define CKR_OK                            0x00000000UL
#define CKR_HOST_MEMORY                   0x00000002UL
#define CKR_SLOT_ID_INVALID               0x00000003UL
#define CKR_GENERAL_ERROR                 0x00000005UL
#define CKR_FUNCTION_FAILED               0x00000006UL
#define CKR_ARGUMENTS_BAD                 0x00000007UL
#define CKR_ATTRIBUTE_SENSITIVE           0x00000011UL
#define CKR_ATTRIBUTE_TYPE_INVALID        0x00000012UL
#define CKR_DATA_LEN_RANGE                0x00000021UL
#define CKR_DEVICE_ERROR                  0x00000030UL
#define CKR_DEVICE_REMOVED                0x00000032UL
#define CKR_KEY_HANDLE_INVALID            0x00000060UL
#define CKR_KEY_TYPE_INCONSISTENT         0x00000063UL
#define CKR_KEY_FUNCTION_NOT_PERMITTED    0x00000068UL
#define CKR_MECHANISM_INVALID             0x00000070UL
#define CKR_OBJECT_HANDLE_INVALID         0x00000082UL
#define CKR_OPERATION_ACTIVE              0x00000090UL
#define CKR_PIN_INCORRECT                 0x000000A0UL
#define CKR_PIN_INVALID                   0x000000A1UL
#define CKR_PIN_LEN_RANGE                 0x000000A2UL
#define CKR_PIN_EXPIRED                   0x000000A3UL
#define CKR_PIN_LOCKED                    0x000000A4UL
#define CKR_SESSION_HANDLE_INVALID        0x000000B3UL
#define CKR_TOKEN_NOT_PRESENT             0x000000E0UL
#define CKR_TOKEN_NOT_RECOGNIZED          0x000000E1UL
#define CKR_USER_ALREADY_LOGGED_IN        0x00000100UL
#define CKR_USER_NOT_LOGGED_IN            0x00000101UL
#define CKR_USER_PIN_NOT_INITIALIZED      0x00000102UL
#define CKR_BUFFER_TOO_SMALL              0x00000150UL
#define CKR_CRYPTOKI_NOT_INITIALIZED      0x00000190UL
#define CKR_CRYPTOKI_ALREADY_INITIALIZED  0x00000191UL

/* Flags. */
#define CKF_OS_LOCKING_OK                 0x00000002UL /* CK_C_INITIALIZE_ARGS */
#define CKF_RW_SESSION                    0x00000002UL /* C_OpenSession */
#define CKF_SERIAL_SESSION                0x00000004UL /* C_OpenSession */
#define CKF_LOGIN_REQUIRED                0x00000004UL /* CK_TOKEN_INFO */
#define CKF_PROTECTED_AUTHENTICATION_PATH 0x00000100UL /* CK_TOKEN_INFO */

/* Users. */
#define CKU_USER                          1UL

/* Object classes. */
#define CKO_PUBLIC_KEY                    0x00000002UL
#define CKO_PRIVATE_KEY                   0x00000003UL

/* Key types. */
#define CKK_RSA                           0x00000000UL
#define CKK_EC                            0x00000003UL

/* Attributes. */
#define CKA_CLASS                         0x00000000UL
#define CKA_LABEL                         0x00000003UL
#define CKA_KEY_TYPE                      0x00000100UL
#define CKA_ID                            0x00000102UL
#define CKA_MODULUS                       0x00000120UL
#define CKA_PUBLIC_EXPONENT               0x00000122UL
#define CKA_EC_PARAMS                     0x00000180UL
#define CKA_EC_POINT                      0x00000181UL

/* Mechanisms. */
#define CKM_RSA_PKCS                      0x00000001UL
#define CKM_ECDSA                         0x00001041UL

/* The value of an attribute the module cannot reveal. */
#define CK_UNAVAILABLE_INFORMATION        (~0UL)

#endif
