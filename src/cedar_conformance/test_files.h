// TestFiles: the files of a Cedar integration-test folder, read from a
// directory, a .tar.gz, or both (a directory holding corpus-tests.tar.gz).
//
// Paths are relative to the root, with '/' separators, exactly as the test
// JSON files name them ("corpus-tests/abc.cedar", "sample-data/x/y.json").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cedar/result.h"

namespace cedar::conformance {

class TestFiles {
 public:
  // `root` is a directory or a .tar.gz file. A directory that contains
  // corpus-tests.tar.gz but no corpus-tests/ folder also yields the
  // archive's files.
  static Result<TestFiles> open(const std::string& root);

  // File contents, or nullopt when there is no such file.
  std::optional<std::string> read(const std::string& relative_path) const;
  // Paths of the test descriptions: *.json under tests/ and corpus-tests/
  // (not *.entities.json), sorted.
  const std::vector<std::string>& test_paths() const { return tests_; }

 private:
  std::string dir_;                             // empty when only an archive
  std::map<std::string, std::string> archive_;  // path -> contents
  std::vector<std::string> tests_;
};

// Reads every regular file of a .tar.gz into memory, keyed by its path with
// any leading "./" removed.
Result<std::map<std::string, std::string>> read_tar_gz(const std::string& path);

}  // namespace cedar::conformance
