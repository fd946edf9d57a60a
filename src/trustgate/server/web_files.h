// The web UI's files (web/), compiled into the binary by
// cmake/embed_web.cmake: `trustgate serve` needs no folder to serve its UI,
// and the UI it serves is always the one built with the API it calls.
#pragma once

#include <cstddef>

namespace trustgate::server {

struct WebFile {
  const char* path;           // relative to web/, "/" separators: "assets/app.css"
  const unsigned char* data;  // the file's bytes
  size_t size;
};

// Sorted by path.
extern const WebFile kWebFiles[];
extern const size_t kWebFileCount;

}  // namespace trustgate::server
