#include "cedar_conformance/test_files.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/storage.h"

namespace cedar::conformance {

namespace fs = std::filesystem;

namespace {

bool is_test_description(const std::string& rel) {
  auto ends_with = [&](const char* s) {
    size_t n = strlen(s);
    return rel.size() >= n && rel.compare(rel.size() - n, n, s) == 0;
  };
  bool in_tests = rel.rfind("tests/", 0) == 0 || rel.rfind("corpus-tests/", 0) == 0;
  return in_tests && ends_with(".json") && !ends_with(".entities.json");
}

bool ends_with_tar_gz(const std::string& p) {
  return p.size() > 7 && p.compare(p.size() - 7, 7, ".tar.gz") == 0;
}

}  // namespace

Result<TestFiles> TestFiles::open(const std::string& root) {
  TestFiles files;
  std::error_code ec;
  if (fs::is_regular_file(root, ec) && ends_with_tar_gz(root)) {
    auto archive = read_tar_gz(root);
    if (!archive) return archive.error();
    files.archive_ = std::move(*archive);
  } else if (fs::is_directory(root, ec)) {
    files.dir_ = root;
    for (const char* sub : {"tests", "corpus-tests"}) {
      fs::path d = fs::path(root) / sub;
      if (!fs::is_directory(d, ec)) continue;
      for (const auto& entry : fs::recursive_directory_iterator(d, ec)) {
        if (!entry.is_regular_file()) continue;
        // Lexically, below `d`: fs::relative would resolve a symlinked
        // tests/ folder and leave the root.
        std::string rel =
            std::string(sub) + "/" + entry.path().lexically_relative(d).generic_string();
        if (is_test_description(rel)) files.tests_.push_back(rel);
      }
    }
    fs::path tarball = fs::path(root) / "corpus-tests.tar.gz";
    if (!fs::is_directory(fs::path(root) / "corpus-tests", ec) &&
        fs::is_regular_file(tarball, ec)) {
      auto archive = read_tar_gz(tarball.string());
      if (!archive) return archive.error();
      files.archive_ = std::move(*archive);
    }
  } else {
    return Error{root + " is neither a directory nor a .tar.gz file"};
  }
  for (const auto& [path, _] : files.archive_) {
    if (is_test_description(path)) files.tests_.push_back(path);
  }
  std::sort(files.tests_.begin(), files.tests_.end());
  files.tests_.erase(std::unique(files.tests_.begin(), files.tests_.end()), files.tests_.end());
  return files;
}

std::optional<std::string> TestFiles::read(const std::string& rel) const {
  auto it = archive_.find(rel);
  if (it != archive_.end()) return it->second;
  if (dir_.empty()) return std::nullopt;
  auto text = base::read_file(fs::path(dir_) / rel);
  if (!text) return std::nullopt;
  return std::move(*text);
}

}  // namespace cedar::conformance
