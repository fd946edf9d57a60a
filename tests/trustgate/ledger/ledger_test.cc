#include "trustgate/ledger/ledger.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <thread>
#include <vector>

#include "ledger_test_util.h"
#include "trustgate/ledger/verify.h"

namespace trustgate::ledger {
namespace {

using trustgate::testing::entries_text;
using trustgate::testing::event;
using trustgate::testing::open_ledger;
using trustgate::testing::slurp;
using trustgate::testing::spit;
using trustgate::testing::TempDir;
using trustgate::testing::test_key;

cedar::Result<VerifyReport> verify(const std::filesystem::path& dir,
                                   std::optional<SignedTreeHead> against = std::nullopt) {
  VerifyOptions o{*common::Ed25519Key::from_public_pem(*test_key().public_pem()), against, true};
  return verify_ledger(dir, o);
}

// Writes `n` entries and closes the ledger.
void fill(const std::filesystem::path& dir, int n) {
  auto l = open_ledger(dir);
  for (int i = 0; i < n; ++i) ASSERT_TRUE(l->append(event("e", i)));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    out.push_back(text.substr(pos, nl - pos + 1));
    pos = nl + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l;
  return out;
}

TEST(LedgerTest, AppendsCanonicalEntriesWithSequenceNumbers) {
  TempDir dir;
  auto l = open_ledger(dir.path());
  EXPECT_EQ(*l->append(event("received", 7)), 0u);
  EXPECT_EQ(*l->append(event("decided", 8)), 1u);
  EXPECT_EQ(*l->entry(0), R"({"event":"received","n":7,"note":"café \"quoted\"\n","seq":0})");
  EXPECT_EQ(l->head().size, 2u);
  EXPECT_FALSE(l->append(common::Json("not an object")));
  l.reset();
  auto report = verify(dir.path());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->entries, 2u);
}

TEST(LedgerTest, ReopensWithTheSameTreeAndContinuesTheSequence) {
  TempDir dir;
  fill(dir.path(), 5);
  auto l = open_ledger(dir.path());
  EXPECT_EQ(l->size(), 5u);
  EXPECT_EQ(*l->append(event("e", 5)), 5u);
  auto proof = l->inclusion_proof(2, 6);
  ASSERT_TRUE(proof);
  EXPECT_TRUE(verify_inclusion(2, 6, leaf_hash(*l->entry(2)), *proof, l->head().root));
}

TEST(LedgerTest, ConcurrentAppendsShareCommitBatches) {
  TempDir dir;
  auto l = open_ledger(dir.path());
  constexpr int kThreads = 16, kEach = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) ASSERT_TRUE(l->append(event("t" + std::to_string(t), i)));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(l->size(), uint64_t{kThreads * kEach});
  EXPECT_LT(l->batches(), uint64_t{kThreads * kEach});  // some fsyncs covered several entries
  l.reset();
  auto report = verify(dir.path());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->entries, uint64_t{kThreads * kEach});
}

TEST(LedgerTest, TornFinalEntryIsCutOffOnOpen) {
  TempDir dir;
  fill(dir.path(), 3);
  auto path = dir.path() / kEntriesFile;
  spit(path, entries_text(path) + R"({"event":"half-writt)");
  auto report = verify(dir.path());
  ASSERT_TRUE(report) << report.error().message;  // beyond the signed head: a crash's leftovers
  EXPECT_TRUE(report->torn_tail);
  auto l = open_ledger(dir.path());
  EXPECT_EQ(l->size(), 3u);
  EXPECT_EQ(*l->append(event("e", 3)), 3u);
  l.reset();
  ASSERT_TRUE(verify(dir.path()));
}

TEST(LedgerTest, UnsignedCompleteEntriesGetAHeadOnOpen) {
  TempDir dir;
  fill(dir.path(), 2);
  auto path = dir.path() / kEntriesFile;
  spit(path, entries_text(path) + R"({"event":"e","seq":2})" + "\n");
  EXPECT_EQ(verify(dir.path())->unsigned_entries, 1u);
  auto l = open_ledger(dir.path());
  EXPECT_EQ(l->head().size, 3u);
}

TEST(LedgerTest, AnEmptyLedgerKilledBeforeItsFirstHeadVerifies) {
  TempDir dir;
  spit(dir.path() / kEntriesFile, "");
  spit(dir.path() / kHeadsFile, "");
  auto report = verify(dir.path());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->entries, 0u);
  // Entries without any head mean heads.log was removed.
  spit(dir.path() / kEntriesFile, std::string(R"({"seq":0})") + "\n");
  EXPECT_FALSE(verify(dir.path()));
}

TEST(LedgerTest, RefusesToOpenWhenSignedEntriesAreMissing) {
  TempDir dir;
  fill(dir.path(), 4);
  auto path = dir.path() / kEntriesFile;
  auto lines = lines_of(entries_text(path));
  lines.pop_back();
  spit(path, join(lines));
  ledger::LedgerOptions o{dir.path(), "trustgate/test", test_key(), false};
  auto l = Ledger::open(std::move(o));
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().message.find("entries were removed"), std::string::npos) << l.error().message;
}

// Each way of tampering with a 6-entry log (one entry per commit batch).
class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fill(dir_.path(), 6);
    entries_ = lines_of(entries_text(entries_path()));
    heads_ = slurp(heads_path());
    ASSERT_TRUE(verify(dir_.path()));
  }
  std::filesystem::path entries_path() const { return dir_.path() / kEntriesFile; }
  std::filesystem::path heads_path() const { return dir_.path() / kHeadsFile; }
  std::string verify_error() {
    auto r = verify(dir_.path());
    return r ? "" : r.error().message;
  }
  TempDir dir_;
  std::vector<std::string> entries_;
  std::string heads_;
};

TEST_F(TamperTest, AlteringAnyEntryFailsAndNamesIt) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    auto altered = entries_;
    altered[i].replace(altered[i].find("\"n\":"), 5, "\"n\":9");
    spit(entries_path(), join(altered));
    std::string err = verify_error();
    EXPECT_NE(err.find("entry " + std::to_string(i)), std::string::npos) << i << ": " << err;
  }
}

TEST_F(TamperTest, NonCanonicalSpacingFails) {
  auto altered = entries_;
  altered[2].replace(altered[2].find(':'), 1, ": ");
  spit(entries_path(), join(altered));
  EXPECT_NE(verify_error().find("entry 2: not in canonical JSON form"), std::string::npos);
}

TEST_F(TamperTest, DeletingReorderingOrTruncatingFails) {
  auto deleted = entries_;
  deleted.erase(deleted.begin() + 3);
  spit(entries_path(), join(deleted));
  EXPECT_NE(verify_error().find("entry 3: has \"seq\": 4"), std::string::npos) << verify_error();

  auto swapped = entries_;
  std::swap(swapped[1], swapped[4]);
  spit(entries_path(), join(swapped));
  EXPECT_NE(verify_error().find("entry 1"), std::string::npos);

  auto truncated = entries_;
  truncated.resize(4);
  spit(entries_path(), join(truncated));
  EXPECT_NE(verify_error().find("entries were deleted or truncated"), std::string::npos);

  spit(entries_path(), join(entries_).substr(0, join(entries_).size() - 5));
  EXPECT_NE(verify_error().find("incomplete"), std::string::npos);
}

TEST_F(TamperTest, AlteringAHeadsRootSizeOrSignatureFails) {
  auto heads = *parse_tree_heads(heads_);
  for (auto change : {0, 1, 2}) {
    auto altered = heads;
    SignedTreeHead& h = altered[change == 1 ? altered.size() - 1 : 3];
    if (change == 0) h.root[0] ^= 1;
    if (change == 1) h.size -= 1;
    if (change == 2) h.signature[5] ^= 1;
    std::string text;
    for (const auto& x : altered) text += x.to_text();
    spit(heads_path(), text);
    EXPECT_FALSE(verify_error().empty()) << change;
  }
}

TEST(LedgerVerifyTest, ChecksConsistencyWithAnOlderHead) {
  TempDir dir;
  fill(dir.path(), 3);
  SignedTreeHead old = verify(dir.path())->head;
  fill(dir.path(), 4);
  auto ok = verify(dir.path(), old);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->entries, 7u);
  // Rewriting history before the old head, even with a re-signed new head,
  // breaks consistency with what the auditor kept.
  auto path = dir.path() / kEntriesFile;
  auto lines = lines_of(entries_text(path));
  lines[1].replace(lines[1].find("\"n\":"), 5, "\"n\":5");
  spit(path, join(lines));
  std::filesystem::remove(dir.path() / kHeadsFile);
  std::filesystem::remove(dir.path() / kEntriesFile);
  {
    auto l = open_ledger(dir.path());
    for (const auto& line : lines) {
      auto parsed = common::parse_json(line.substr(0, line.size() - 1));
      ASSERT_TRUE(l->append(*parsed));
    }
  }
  ASSERT_TRUE(verify(dir.path()));   // self-consistent forgery by the key holder...
  auto r = verify(dir.path(), old);  // ...but not consistent with the kept head
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not consistent with the older tree head"), std::string::npos);
}

TEST(TreeHeadTest, TextFormRoundTripsAndRejectsDamage) {
  auto head = sign_tree_head("trustgate/x", 12, leaf_hash("a"), "2025-01-27T20:03:00Z", test_key());
  ASSERT_TRUE(head);
  std::string text = head->to_text();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 6);
  auto parsed = parse_tree_head(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->size, 12u);
  EXPECT_TRUE(signature_valid(*parsed, test_key()));
  auto other = common::Ed25519Key::generate();
  EXPECT_FALSE(signature_valid(*parsed, *other));
  EXPECT_FALSE(parse_tree_head("trustgate/x\n012\n"));
  std::string bad = text;
  bad.replace(bad.find("\n12\n"), 4, "\n1x\n");
  EXPECT_NE(parse_tree_head(bad).error().message.find("line 2"), std::string::npos);
}

}  // namespace
}  // namespace trustgate::ledger

namespace trustgate::ledger {
namespace {

// tools/verify_ledger.py, the auditor's independent verifier: exit status.
int python_verify(const std::filesystem::path& dir, const std::string& extra = "") {
  auto pub = dir.parent_path() / (dir.filename().string() + ".pub.pem");
  trustgate::testing::spit(pub, *trustgate::testing::test_key().public_pem());
  std::string cmd = "python3 " + std::string(TRUSTGATE_SOURCE_DIR) + "/tools/verify_ledger.py " +
                    dir.string() + " --pubkey " + pub.string() + " " + extra + " >/dev/null 2>&1";
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

bool have_python_and_openssl() {
  return std::system("python3 -c 1 >/dev/null 2>&1 && openssl version >/dev/null 2>&1") == 0;
}

TEST(PythonVerifierTest, AcceptsGoodLogsAndRejectsAlteredOnes) {
  if (!have_python_and_openssl()) GTEST_SKIP() << "python3 or openssl missing";
  TempDir tmp;
  auto dir = tmp.path() / "ledger";
  fill(dir, 5);
  SignedTreeHead old = verify(dir)->head;
  fill(dir, 3);
  EXPECT_EQ(python_verify(dir), 0);
  trustgate::testing::spit(tmp.path() / "old-head.txt", old.to_text());
  EXPECT_EQ(python_verify(dir, "--against " + (tmp.path() / "old-head.txt").string()), 0);

  const auto path = dir / kEntriesFile;
  const std::string good = trustgate::testing::slurp(path);
  auto lines = lines_of(entries_text(path));
  auto expect_rejected = [&](std::vector<std::string> altered, const char* what) {
    trustgate::testing::spit(path, join(altered));
    EXPECT_EQ(python_verify(dir), 1) << what;
    EXPECT_FALSE(verify(dir)) << what;
    trustgate::testing::spit(path, good);
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    auto altered = lines;
    altered[i].replace(altered[i].find("\"n\":"), 5, "\"n\":8");
    expect_rejected(altered, "altered entry");
  }
  auto deleted = lines;
  deleted.erase(deleted.begin() + 2);
  expect_rejected(deleted, "deleted entry");
  auto swapped = lines;
  std::swap(swapped[0], swapped[6]);
  expect_rejected(swapped, "reordered entries");
  auto truncated = lines;
  truncated.resize(6);
  expect_rejected(truncated, "truncated log");
  EXPECT_EQ(python_verify(dir), 0);

  auto heads_text = trustgate::testing::slurp(dir / kHeadsFile);
  auto heads = *parse_tree_heads(heads_text);
  heads.back().root[7] ^= 2;
  std::string altered_heads;
  for (const auto& h : heads) altered_heads += h.to_text();
  trustgate::testing::spit(dir / kHeadsFile, altered_heads);
  EXPECT_EQ(python_verify(dir), 1) << "altered root";
}

}  // namespace
}  // namespace trustgate::ledger
