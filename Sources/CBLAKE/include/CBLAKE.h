#ifndef CBLAKE_H
#define CBLAKE_H
#include <stddef.h>
#include <stdint.h>
#endif
