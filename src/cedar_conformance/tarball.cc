// A minimal reader for POSIX ustar / GNU tar archives compressed with gzip:
// enough for test corpora (regular files, GNU long names, pax headers
// skipped).
#include <zlib.h>

#include <cstring>
#include <memory>

#include "cedar_conformance/test_files.h"

namespace cedar::conformance {

namespace {

struct GzCloser {
  void operator()(gzFile f) const { gzclose(f); }
};

uint64_t octal(const char* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n && p[i]; ++i) {
    if (p[i] == ' ') continue;
    if (p[i] < '0' || p[i] > '7') break;
    v = v * 8 + static_cast<uint64_t>(p[i] - '0');
  }
  return v;
}

bool read_exact(gzFile f, char* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    int r = gzread(f, buf + got, static_cast<unsigned>(n - got));
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

std::string clean_path(std::string p) {
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  return p;
}

}  // namespace

Result<std::map<std::string, std::string>> read_tar_gz(const std::string& path) {
  std::unique_ptr<gzFile_s, GzCloser> f(gzopen(path.c_str(), "rb"));
  if (!f) return Error{"cannot open " + path};
  gzbuffer(f.get(), 1 << 20);
  std::map<std::string, std::string> files;
  std::string long_name;
  char header[512];
  while (read_exact(f.get(), header, sizeof header)) {
    if (header[0] == '\0') break;  // end-of-archive block
    std::string name(header, strnlen(header, 100));
    std::string prefix(header + 345, strnlen(header + 345, 155));
    if (!prefix.empty()) name = prefix + "/" + name;
    uint64_t size = octal(header + 124, 12);
    char type = header[156];
    std::string data(size, '\0');
    if (size && !read_exact(f.get(), data.data(), size)) return Error{path + ": truncated archive"};
    size_t pad = (512 - size % 512) % 512;
    char skip[512];
    if (pad && !read_exact(f.get(), skip, pad)) return Error{path + ": truncated archive"};
    if (type == 'L') {  // GNU long name for the next entry
      long_name = std::string(data.c_str());
      continue;
    }
    if (!long_name.empty()) {
      name = long_name;
      long_name.clear();
    }
    if (type == '0' || type == '\0') files[clean_path(name)] = std::move(data);
  }
  return files;
}

}  // namespace cedar::conformance
