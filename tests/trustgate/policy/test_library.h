// Helpers for the policy tests: the shipped library, and throw-away policy
// folders written into a temporary directory.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "trustgate/policy/library.h"

namespace trustgate::policy::testing {

inline std::filesystem::path shipped_policies() {
  return std::filesystem::path(TRUSTGATE_SOURCE_DIR) / "policies";
}

// The shipped policies, loaded once per test binary.
inline const Library& shipped_library() {
  static std::shared_ptr<const Library> lib = [] {
    auto l = Library::open(shipped_policies());
    if (!l) ADD_FAILURE() << l.error().describe();
    return l ? *l : nullptr;
  }();
  return *lib;
}

// A temporary policies folder with the shipped schema; removed on destruction.
class TempPolicies {
 public:
  TempPolicies() {
    root_ = std::filesystem::temp_directory_path() /
            ("trustgate-policy-test-" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    std::filesystem::copy_file(shipped_policies() / "schema.cedarschema",
                               root_ / "schema.cedarschema");
  }
  ~TempPolicies() { std::filesystem::remove_all(root_); }

  // Writes a pack: pack.json from the arguments, and one policies.cedar.
  void pack(const std::string& id, const std::string& parent, const std::string& cedar,
            const std::string& extra_manifest = "", const std::string& from = "null") {
    auto dir = root_ / id;
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "pack.json")
        << "{\"id\":\"" << id << "\",\"name\":\"" << id
        << "\",\"parent\":" << (parent.empty() ? "null" : "\"" + parent + "\"")
        << ",\"layer\":\"city\","
        << "\"effective_from\":" << from << ",\"effective_to\":null,"
        << "\"disclaimer\":\"a model of the law, not legal advice\","
        << "\"sources\":[{\"cite\":\"test\"}]" << extra_manifest << "}";
    std::ofstream(dir / "policies.cedar") << cedar;
  }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace trustgate::policy::testing
