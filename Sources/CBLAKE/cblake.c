#include "CBLAKE.h"
