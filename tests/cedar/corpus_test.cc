// The conformance runner over a small corpus it writes itself (as a folder and
// as a .tar.gz), and over Cedar's handwritten integration tests when the shared
// folder is present.
#include "cedar_conformance/corpus.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cedar::conformance {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// A corpus with one test file of two requests; `wrong` flips one expectation.
fs::path make_corpus(const std::string& name, bool wrong) {
  fs::path root = fs::temp_directory_path() / ("trustgate-corpus-" + name);
  fs::remove_all(root);
  write(root / "corpus-tests/t1.cedar",
        "permit(principal == User::\"a\", action, resource);\n"
        "forbid(principal, action, resource) when { resource.locked };\n");
  write(root / "corpus-tests/t1.cedarschema",
        "entity User; entity Doc { locked: Bool };\n"
        "action read appliesTo { principal: User, resource: Doc };\n");
  write(root / "corpus-tests/t1.entities.json",
        R"([{"uid": {"type": "Doc", "id": "d"}, "attrs": {"locked": false}, "parents": []}])");
  std::string second_decision = wrong ? "allow" : "deny";
  write(root / "corpus-tests/t1.json", R"({
    "policies": "corpus-tests/t1.cedar", "entities": "corpus-tests/t1.entities.json",
    "schema": "corpus-tests/t1.cedarschema", "shouldValidate": true,
    "requests": [
      {"description": "a reads", "principal": {"type": "User", "id": "a"},
       "action": {"type": "Action", "id": "read"}, "resource": {"type": "Doc", "id": "d"},
       "context": {}, "decision": "allow", "reason": ["policy0"], "errors": []},
      {"description": "b reads", "principal": {"type": "User", "id": "b"},
       "action": {"type": "Action", "id": "read"}, "resource": {"type": "Doc", "id": "d"},
       "context": {}, "decision": ")" + second_decision +
                                           R"(", "reason": [], "errors": []}
    ]})");
  return root;
}

TEST(Corpus, RunsAFolder) {
  auto report = run_corpus(make_corpus("ok", false).string(), {});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->files, 1u);
  EXPECT_EQ(report->passed, 2u);
  EXPECT_EQ(report->failed, 0u);
  EXPECT_GT(report->call_us_mean, 0.0);
  EXPECT_GT(report->authorize_ns_median, 0.0);
}

TEST(Corpus, ReportsAFailureWithFileAndRequest) {
  auto report = run_corpus(make_corpus("wrong", true).string(), {});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->passed, 1u);
  EXPECT_EQ(report->failed, 1u);
  ASSERT_EQ(report->failures.size(), 1u);
  EXPECT_EQ(report->failures[0].category, "decision");
  EXPECT_EQ(report->failures[0].file, "corpus-tests/t1.json");
  EXPECT_EQ(report->failures[0].request, "b reads");
}

TEST(Corpus, ReadsATarball) {
  fs::path root = make_corpus("tar", false);
  fs::path tarball = fs::temp_directory_path() / "trustgate-corpus.tar.gz";
  std::string cmd = "tar czf " + tarball.string() + " -C " + root.string() + " ./corpus-tests";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto report = run_corpus(tarball.string(), {});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->passed, 2u);
  // A folder holding corpus-tests.tar.gz instead of corpus-tests/.
  fs::path holder = fs::temp_directory_path() / "trustgate-corpus-holder";
  fs::remove_all(holder);
  fs::create_directories(holder);
  fs::copy_file(tarball, holder / "corpus-tests.tar.gz");
  auto report2 = run_corpus(holder.string(), {});
  ASSERT_TRUE(report2.ok()) << report2.error().message;
  EXPECT_EQ(report2->passed, 2u);
}

// The peer comparison (scripts/bench-peer) links tests/ into a folder of its
// own: a symlinked folder's files keep their paths below the root. And
// `untimed` requests are checked but left out of the timing.
TEST(Corpus, FollowsASymlinkedFolderAndLeavesUntimedRequestsOut) {
  fs::path real = make_corpus("linked-real", false);
  fs::path root = fs::temp_directory_path() / "trustgate-corpus-linked";
  fs::remove_all(root);
  fs::create_directories(root);
  fs::create_directory_symlink(real / "corpus-tests", root / "corpus-tests");
  CorpusOptions options;
  options.untimed = {"corpus-tests/t1.json#b reads"};
  auto report = run_corpus(root.string(), options);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->files, 1u);
  EXPECT_EQ(report->passed, 2u);
  EXPECT_EQ(report->timed, 1u);
}

TEST(Corpus, RejectsAMissingRoot) { EXPECT_FALSE(run_corpus("/nonexistent/corpus", {}).ok()); }

TEST(Corpus, HandwrittenIntegrationTests) {
  fs::path shared = fs::path(TRUSTGATE_SOURCE_DIR) / ".." / "shared" / "cedar" / "integration";
  if (!fs::is_directory(shared / "tests")) {
    GTEST_SKIP() << "SKIPPED: " << shared << " does not exist";
  }
  // Only the handwritten tests: copy tests/ and sample-data/ without the corpus.
  fs::path root = fs::temp_directory_path() / "trustgate-handwritten";
  fs::remove_all(root);
  fs::create_directories(root);
  fs::copy(shared / "tests", root / "tests", fs::copy_options::recursive);
  fs::copy(shared / "sample-data", root / "sample-data", fs::copy_options::recursive);
  CorpusOptions options;
  options.timing = false;
  auto report = run_corpus(root.string(), options);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_GT(report->passed, 0u);
  for (const auto& f : report->failures) {
    ADD_FAILURE() << f.category << " " << f.file << " [" << f.request << "]: " << f.detail;
  }
  EXPECT_EQ(report->failed, 0u);
}

}  // namespace
}  // namespace cedar::conformance
