// Printing and parsing agree: random expression trees and every policy of
// Cedar's integration tests and corpus print to text that parses back to the
// same tree.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "cedar/parser.h"
#include "cedar_conformance/test_files.h"

namespace cedar {
namespace {

namespace fs = std::filesystem;

// Random trees of the shapes the parser can produce (depth-limited).
class TreeGen {
 public:
  explicit TreeGen(uint32_t seed) : rng_(seed) {}

  ExprPtr gen(int depth) {
    if (depth <= 0) return leaf();
    switch (pick(16)) {
      case 0:
        return make_if(gen(depth - 1), gen(depth - 1), gen(depth - 1));
      case 1:
        return make_and(gen(depth - 1), gen(depth - 1));
      case 2:
        return make_or(gen(depth - 1), gen(depth - 1));
      case 3:
        return make_unary(pick(2) ? UnaryOp::Not : UnaryOp::Neg, gen(depth - 1));
      case 4:
        return make_unary(UnaryOp::IsEmpty, gen(depth - 1));
      case 5:
        return make_binary(static_cast<BinaryOp>(pick(15)), gen(depth - 1), gen(depth - 1));
      case 6:
        return make_like(gen(depth - 1), pattern());
      case 7:
        return make_is(gen(depth - 1), pick(2) ? "User" : "A::B");
      case 8:
        return make_is_in(gen(depth - 1), "T", gen(depth - 1));
      case 9:
        return make_has_attr(gen(depth - 1), attr());
      case 10:
        return make_get_attr(gen(depth - 1), attr());
      case 11:
        return make_set({gen(depth - 1), gen(depth - 1)});
      case 12:
        return make_record({{attr(), gen(depth - 1)}, {"k2", gen(depth - 1)}});
      case 13:
        return make_call(ExtensionFunction::Ip, {gen(depth - 1)});
      case 14:
        return make_call(ExtensionFunction::IsInRange, {gen(depth - 1), gen(depth - 1)});
      default:
        return make_call(ExtensionFunction::ToDays, {gen(depth - 1)});
    }
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  ExprPtr leaf() {
    switch (pick(7)) {
      case 0:
        return make_literal(Value::integer(pick(3) - 1));
      case 1:
        return make_literal(Value::integer(pick(2) ? INT64_MIN : INT64_MAX));
      case 2:
        return make_literal(Value::boolean(pick(2)));
      case 3:
        return make_literal(Value::string(pick(2) ? "a\"\\\n*" : "\xC3\xA9"));
      case 4:
        return make_literal(Value::entity({"NS::User", "x\"y"}));
      case 5:
        return make_var(static_cast<Var>(pick(4)));
      default:
        return make_slot(pick(2) ? SlotId::Principal : SlotId::Resource);
    }
  }
  std::string attr() {
    static const char* kAttrs[] = {"a", "if", "has", "a b", "", "principal", "__cedar"};
    return kAttrs[pick(7)];
  }
  Pattern pattern() {
    return {{false, U'a'}, {true, 0}, {false, U'*'}, {false, U'\n'}, {false, 0x1F600}};
  }

  std::mt19937 rng_;
};

TEST(RoundTrip, RandomTrees) {
  TreeGen gen(12345);
  for (int i = 0; i < 3000; ++i) {
    ExprPtr e = gen.gen(1 + i % 6);
    std::string text = expr_to_string(*e);
    auto again = parse_expr(text);
    ASSERT_TRUE(again.ok()) << text << "\n" << again.error().describe();
    ASSERT_TRUE(same_expr(*e, **again)) << text << "\nreprinted: " << expr_to_string(**again);
  }
}

TEST(RoundTrip, SpecificShapes) {
  auto check = [](const ExprPtr& e, const std::string& expected) {
    std::string text = expr_to_string(*e);
    EXPECT_EQ(text, expected);
    auto again = parse_expr(text);
    ASSERT_TRUE(again.ok()) << text;
    EXPECT_TRUE(same_expr(*e, **again)) << text;
  };
  ExprPtr five = make_literal(Value::integer(5));
  ExprPtr minus5 = make_literal(Value::integer(-5));
  check(make_unary(UnaryOp::Neg, five), "-(5)");
  check(make_unary(UnaryOp::Neg, minus5), "-(-5)");
  check(make_unary(UnaryOp::Neg, make_unary(UnaryOp::Neg, five)), "--(5)");
  check(make_get_attr(minus5, "a"), "(-5).a");
  check(make_unary(UnaryOp::Neg, make_get_attr(five, "a")), "-5.a");
  check(make_binary(BinaryOp::Sub, five, minus5), "5 - -5");
  std::vector<ExprPtr> nots{make_var(Var::Context)};
  for (int i = 0; i < 6; ++i) nots.push_back(make_unary(UnaryOp::Not, nots.back()));
  check(nots.back(), "!!!!(!!context)");
}

// Parses a policy file and checks every policy's round trip; returns a
// failure description or "".
std::string check_policy_file(const std::string& name, const std::string& text) {
  auto policies = parse_policies(text);
  if (!policies) return name + ": " + policies.error().describe();
  for (const Policy& p : *policies) {
    std::string printed = p.to_string();
    auto again = parse_policy(printed);
    if (!again) return name + ": reprint does not parse: " + again.error().describe();
    if (!same_expr(*p.condition_expr(), *again->condition_expr()) ||
        again->annotations.size() != p.annotations.size()) {
      return name + ": reprint differs:\n" + printed;
    }
  }
  return "";
}

const fs::path kIntegration =
    fs::path(TRUSTGATE_SOURCE_DIR) / ".." / "shared" / "cedar" / "integration";

TEST(RoundTrip, HandwrittenIntegrationPolicies) {
  fs::path dir = kIntegration / "tests";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no integration tests at " << dir;
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".cedar") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(check_policy_file(entry.path().string(), text.str()), "");
    ++files;
  }
  EXPECT_GT(files, 0u);
}

TEST(RoundTrip, CorpusPolicies) {
  fs::path archive = kIntegration / "corpus-tests.tar.gz";
  if (!fs::exists(archive)) GTEST_SKIP() << "no corpus archive at " << archive;
  auto files = conformance::read_tar_gz(archive.string());
  ASSERT_TRUE(files.ok()) << files.error().message;
  size_t checked = 0;
  size_t failed = 0;
  for (const auto& [name, text] : *files) {
    if (name.size() < 6 || name.compare(name.size() - 6, 6, ".cedar") != 0) continue;
    ++checked;
    std::string failure = check_policy_file(name, text);
    if (!failure.empty() && ++failed <= 5) ADD_FAILURE() << failure;
  }
  EXPECT_EQ(failed, 0u);
  EXPECT_GT(checked, 7000u);
}

}  // namespace
}  // namespace cedar
