// The formatter over every policy file of Cedar's integration-test corpus
// (../shared/cedar/integration/corpus-tests.tar.gz): formatting succeeds, is
// idempotent, and the result parses to the same policies; also at a narrow
// width, and with comments inserted between the tokens (all of them kept).
// Skipped, saying so, when the shared folder is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cedar/format.h"
#include "cedar/parser.h"
#include "cedar_conformance/test_files.h"
#include "syntax/lexer.h"

namespace cedar {
namespace {

namespace fs = std::filesystem;

// The .cedar files of the corpus, by path; empty when the archive is absent.
class FormatCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tarball_ = fs::path(TRUSTGATE_SOURCE_DIR) / ".." / "shared" / "cedar" / "integration" /
               "corpus-tests.tar.gz";
    if (!fs::exists(tarball_)) return;
    auto files = conformance::read_tar_gz(tarball_.string());
    ASSERT_TRUE(files.ok()) << files.error().message;
    for (auto& [path, text] : *files) {
      if (path.size() > 6 && path.compare(path.size() - 6, 6, ".cedar") == 0) {
        policies_->emplace(path, std::move(text));
      }
    }
  }
  static void TearDownTestSuite() { policies_->clear(); }

  void SetUp() override {
    if (policies_->empty()) {
      GTEST_SKIP() << "SKIPPED: " << tarball_ << " does not exist (corpus not available)";
    }
  }

  static inline fs::path tarball_;
  static inline std::map<std::string, std::string>* policies_ =
      new std::map<std::string, std::string>();
};

struct Tally {
  size_t files = 0;
  size_t policies = 0;
  size_t failures = 0;
};

// Formats `text` with `options` and checks: success, the same policies
// (compared with same_policy), the same comments, and idempotence.
void check_file(const std::string& path, const std::string& text, const FormatOptions& options,
                Tally& tally) {
  ++tally.files;
  auto fail = [&](const std::string& what) {
    if (++tally.failures <= 5) ADD_FAILURE() << path << ": " << what;
  };
  auto original = parse_policies(text);
  if (!original) return fail("does not parse: " + original.error().describe());
  auto once = format_policies(text, options);
  if (!once) return fail("format failed: " + once.error().describe());
  auto reparsed = parse_policies(*once);
  if (!reparsed) return fail("formatted text does not parse: " + reparsed.error().describe());
  if (reparsed->size() != original->size()) return fail("policy count changed");
  for (size_t i = 0; i < original->size(); ++i) {
    if (!same_policy((*original)[i], (*reparsed)[i])) {
      return fail("policy " + std::to_string(i) + " changed:\n" + *once);
    }
  }
  tally.policies += original->size();
  auto twice = format_policies(*once, options);
  if (!twice) return fail("formatting the output failed: " + twice.error().describe());
  if (*twice != *once) return fail("not idempotent:\n" + *once + "\n---- then ----\n" + *twice);
}

// `text` with a trailing comment after every token k with k % trail_every
// == trail_every - 1, and a comment line before every token k with
// k % lead_every == lead_every - 1 (0: none).
std::string with_comments(const std::string& text, size_t trail_every, size_t lead_every) {
  auto tokens = syntax::tokenize(text);
  if (!tokens) return text;
  std::string out;
  size_t copied = 0;
  for (size_t k = 0; k + 1 < tokens->size(); ++k) {
    size_t start = (*tokens)[k].loc.offset;
    out += text.substr(copied, start - copied);
    if (lead_every && k % lead_every == lead_every - 1) {
      out += "\n// before token " + std::to_string(k) + "\n";
    }
    copied = start;
    size_t end = (*tokens)[k + 1].loc.offset;
    out += text.substr(copied, end - copied);
    copied = end;
    if (trail_every && k % trail_every == trail_every - 1) {
      out += " // after token " + std::to_string(k) + "\n";
    }
  }
  return out + text.substr(copied);
}

void report(const char* what, const Tally& tally) {
  std::printf("[ format corpus ] %s: %zu files, %zu policies, %zu failures\n", what, tally.files,
              tally.policies, tally.failures);
}

TEST_F(FormatCorpus, IdempotentAndSameAst) {
  Tally tally;
  for (const auto& [path, text] : *policies_) check_file(path, text, {}, tally);
  report("width 80, indent 2", tally);
  EXPECT_EQ(tally.failures, 0u);
  EXPECT_GT(tally.files, 7000u);
}

TEST_F(FormatCorpus, NarrowWidthWideIndent) {
  Tally tally;
  FormatOptions narrow;
  narrow.line_width = 30;
  narrow.indent = 4;
  for (const auto& [path, text] : *policies_) check_file(path, text, narrow, tally);
  report("width 30, indent 4", tally);
  EXPECT_EQ(tally.failures, 0u);
}

// Comments after every token, before every token, and a mix.
TEST_F(FormatCorpus, CommentsBetweenTokensAreKept) {
  struct Variant {
    size_t trail_every, lead_every;
  };
  for (Variant v : {Variant{1, 0}, Variant{0, 1}, Variant{3, 5}}) {
    Tally tally;
    size_t comments = 0;
    for (const auto& [path, text] : *policies_) {
      std::string commented = with_comments(text, v.trail_every, v.lead_every);
      std::vector<syntax::Comment> before;
      ASSERT_TRUE(syntax::tokenize(commented, &before).ok()) << path;
      comments += before.size();
      size_t failures = tally.failures;
      check_file(path, commented, {}, tally);
      if (tally.failures != failures) continue;
      auto formatted = format_policies(commented);
      std::vector<syntax::Comment> after;
      ASSERT_TRUE(formatted.ok() && syntax::tokenize(*formatted, &after).ok()) << path;
      if (after.size() != before.size() && ++tally.failures <= 5) {
        ADD_FAILURE() << path << ": " << before.size() << " comments became " << after.size();
      }
    }
    std::string what = "comments after every " + std::to_string(v.trail_every) + ", before every " +
                       std::to_string(v.lead_every) + " token(s)";
    report(what.c_str(), tally);
    std::printf("[ format corpus ] %zu comments inserted\n", comments);
    EXPECT_EQ(tally.failures, 0u);
  }
}

}  // namespace
}  // namespace cedar
