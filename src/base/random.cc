#include "base/random.h"

#include <openssl/rand.h>

#include "base/digest.h"

namespace base {

Result<std::string> random_bytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    return io_error("the system's random number generator failed");
  }
  return out;
}

Result<std::string> random_hex(size_t n) {
  auto bytes = random_bytes(n);
  if (!bytes) return bytes.error();
  return to_hex(*bytes);
}

}  // namespace base
