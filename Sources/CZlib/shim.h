// The system zlib (Debian: zlib1g-dev), for reading deflated entries of .docx/.xlsx archives.
#include <zlib.h>
