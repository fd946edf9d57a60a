#include "trustgate/ledger/ledger.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <thread>
#include <vector>

#include "ledger_backend.h"
#include "ledger_test_util.h"
#include "trustgate/ledger/entry_check.h"
#include "trustgate/ledger/verify.h"

namespace trustgate::ledger {
namespace {

using trustgate::testing::Backend;
using trustgate::testing::create_ledger;
using trustgate::testing::event;
using trustgate::testing::LedgerPlace;
using trustgate::testing::open_ledger;
using trustgate::testing::slurp;
using trustgate::testing::spit;
using trustgate::testing::TempDir;
using trustgate::testing::test_key;
using trustgate::testing::verify;
using trustgate::testing::without_reserve;

// A ledger with `n` entries after ledger_created, one commit each; closed.
void fill(const std::filesystem::path& dir, int n) {
  std::unique_ptr<Ledger> l;
  if (std::filesystem::exists(dir / kEntriesFile)) {
    auto opened = open_ledger(dir);
    ASSERT_TRUE(opened) << opened.error().message;
    l = std::move(*opened);
  } else {
    l = create_ledger(dir);
  }
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

class LedgerTest : public ::testing::TestWithParam<Backend> {};

std::string error_of(const base::Result<std::unique_ptr<Ledger>>& l) {
  return l ? "" : l.error().message;
}

TEST_P(LedgerTest, StartsWithLedgerCreatedAndAppendsCanonicalEntries) {
  LedgerPlace place(GetParam());
  auto l = place.create();
  EXPECT_EQ(l->size(), 1u);
  auto first = common::parse_json(*l->entry(0));
  EXPECT_EQ(first->string_or_empty("event"), "ledger_created");
  EXPECT_EQ(first->string_or_empty("verifier_key"), l->note_key().verifier_key());
  EXPECT_EQ(*l->append(event("received", 7)), 1u);
  EXPECT_EQ(*l->entry(1), R"({"event":"received","n":7,"note":"café \"quoted\"\n","seq":1})");
  EXPECT_EQ(l->checkpoint().checkpoint.size, 2u);
  EXPECT_FALSE(l->append(common::Json("not an object")));
  EXPECT_FALSE(l->append_all([](uint64_t) -> base::Result<std::vector<common::Json>> {
    return base::Error{"the maker refuses"};
  }));
  common::Json big = event("big", 0);
  big.set("blob", std::string(kMaxEntryBytes, 'x'));
  EXPECT_FALSE(l->append(big));
  EXPECT_EQ(l->size(), 2u);  // nothing refused was appended
  l.reset();
  auto report = place.verify();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->entries, 2u);
  EXPECT_EQ(report->checkpoints, 2u);
}

TEST_P(LedgerTest, AppendAllCommitsItsEntriesAsOneUnit) {
  LedgerPlace place(GetParam());
  auto l = place.create();
  std::vector<std::pair<uint64_t, size_t>> seen;
  std::vector<std::string> texts;  // the entries the listener got
  l->set_commit_listener([&](uint64_t first, std::span<const common::Json> events,
                             std::span<const std::string_view> entries, const Checkpoint& cp) {
    seen.emplace_back(first, events.size());
    EXPECT_EQ(cp.size, first + events.size());
    EXPECT_EQ(entries.size(), events.size());
    for (size_t i = 0; i < events.size(); ++i) {
      EXPECT_EQ(events[i].find("seq")->as_int(), static_cast<int64_t>(first + i));
      // The entry as the log holds it: the event's canonical text.
      if (i < entries.size()) {
        EXPECT_EQ(entries[i], events[i].canonical());
      }
    }
    texts.assign(entries.begin(), entries.end());
    return base::Status::Ok();
  });
  auto first = l->append_all([](uint64_t seq) -> base::Result<std::vector<common::Json>> {
    std::vector<common::Json> events;
    for (int i = 0; i < 3; ++i) {
      common::Json e = event("part", i);
      e.set("first", seq);
      events.push_back(std::move(e));
    }
    return events;
  });
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, 1u);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], std::make_pair(uint64_t{1}, size_t{3}));
  EXPECT_EQ(common::parse_json(*l->entry(3))->find("first")->as_int(), 1);
  ASSERT_EQ(texts.size(), 3u);
  for (uint64_t i = 0; i < 3; ++i) EXPECT_EQ(texts[i], *l->entry(1 + i));
  EXPECT_EQ(l->batches(), 1u);
}

TEST_P(LedgerTest, ReopensWithTheSameTreeAndContinuesTheSequence) {
  LedgerPlace place(GetParam());
  {
    auto created = place.create();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(created->append(event("e", i)));
  }
  auto l = place.open();
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ((*l)->size(), 6u);
  EXPECT_EQ(*(*l)->append(event("e", 5)), 6u);
  auto proof = (*l)->inclusion_proof(2, 7);
  ASSERT_TRUE(proof);
  EXPECT_TRUE(verify_inclusion(2, 7, leaf_hash(*(*l)->entry(2)), *proof,
                               (*l)->checkpoint().checkpoint.root));
  auto consistency = (*l)->consistency_proof(3, 7);
  ASSERT_TRUE(consistency);
  EXPECT_TRUE(verify_consistency(3, 7, *(*l)->root(3), *(*l)->root(7), *consistency));
  EXPECT_FALSE((*l)->inclusion_proof(2, 8));  // beyond the checkpoint
}

// The entries' offsets and the tree's leaves are kept per tile of 256
// (entry_offsets.h, tiled_tree.h): entries loaded at open and appended after
// read back alike on either side of a tile boundary.
TEST_P(LedgerTest, ReadsEntriesLeavesAndTilesAcrossTileBoundaries) {
  LedgerPlace place(GetParam());
  {
    auto created = place.create();
    for (int unit = 0; unit < 6; ++unit) {
      ASSERT_TRUE(created->append_all([&](uint64_t) -> base::Result<std::vector<common::Json>> {
        std::vector<common::Json> events;
        for (int i = 0; i < 100; ++i) events.push_back(event("e", unit * 100 + i));
        return events;
      }));
    }
  }
  auto l = place.open();
  ASSERT_TRUE(l) << l.error().message;
  for (int i = 600; i < 800; ++i) ASSERT_TRUE((*l)->append(event("e", i)));
  ASSERT_EQ((*l)->size(), 801u);
  MerkleTree reference;
  for (uint64_t i = 0; i < 801; ++i) {
    auto text = (*l)->entry(i);
    ASSERT_TRUE(text) << text.error().message;
    const std::string seq = "\"seq\":" + std::to_string(i);
    const size_t at = text->find(seq);
    ASSERT_NE(at, std::string::npos) << *text;
    EXPECT_FALSE(std::isdigit(static_cast<unsigned char>((*text)[at + seq.size()]))) << *text;
    EXPECT_EQ(*(*l)->leaf(i), leaf_hash(*text)) << i;
    reference.append(leaf_hash(*text));
  }
  EXPECT_FALSE((*l)->leaf(801));
  for (uint64_t size : {255u, 256u, 257u, 513u, 600u, 801u}) {
    EXPECT_EQ(*(*l)->root(size), reference.root(size)) << size;
  }
  auto tile = (*l)->subtree_hashes(0, 256, 256);
  ASSERT_TRUE(tile);
  for (uint64_t i = 0; i < 256; ++i) EXPECT_EQ((*tile)[i], reference.complete_subtree(0, 256 + i));
  auto proof = (*l)->inclusion_proof(300, 801);
  ASSERT_TRUE(proof);
  EXPECT_EQ(*proof, *reference.inclusion_proof(300, 801));
}

TEST_P(LedgerTest, ConcurrentAppendsShareCommitBatches) {
  LedgerPlace place(GetParam());
  auto l = place.create();
  constexpr int kThreads = 16, kEach = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) ASSERT_TRUE(l->append(event("t" + std::to_string(t), i)));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(l->size(), uint64_t{kThreads * kEach + 1});
  EXPECT_LT(l->batches(), uint64_t{kThreads * kEach});  // some syncs covered several entries
  l.reset();
  auto report = place.verify();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->entries, uint64_t{kThreads * kEach + 1});
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTest, trustgate::testing::kAllBackends,
                         trustgate::testing::backend_name);

// Several writers on one PostgreSQL ledger (several servers): their appends
// interleave in one log without a gap, each sees the others' entries, and
// readers never see a seq without its checkpoint.
TEST(PostgresLedgerTest, WritersShareOneLog) {
  LedgerPlace place(Backend::PostgreSQL);
  auto a = place.create();
  auto b = place.open();
  ASSERT_TRUE(b) << b.error().describe();
  auto reader = place.open_read_only();
  ASSERT_TRUE(reader) << reader.error().describe();
  constexpr int kEach = 30;
  std::vector<std::thread> threads;
  for (Ledger* l : {a.get(), b->get()}) {
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([l, t] {
        for (int i = 0; i < kEach; ++i) ASSERT_TRUE(l->append(event("w" + std::to_string(t), i)));
      });
    }
  }
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    uint64_t last = 0;
    while (!done) {
      const SignedCheckpoint cp = (*reader)->checkpoint();
      EXPECT_GE(cp.checkpoint.size, last);
      last = cp.checkpoint.size;
      if (last > 1) {
        EXPECT_TRUE((*reader)->entry(last - 1));
      }
    }
  });
  for (auto& t : threads) t.join();
  done = true;
  watcher.join();
  const uint64_t total = 1 + 8 * kEach;
  EXPECT_EQ(a->size(), total);
  EXPECT_EQ((*b)->size(), total);
  EXPECT_EQ(a->checkpoint().checkpoint.root, (*b)->checkpoint().checkpoint.root);
  auto proof = a->consistency_proof(10, total);
  ASSERT_TRUE(proof);
  EXPECT_TRUE(verify_consistency(10, total, *a->root(10), *a->root(total), *proof));
  auto again = place.try_create();  // the database holds a ledger already
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, base::ErrorKind::Conflict);
  a.reset();
  b->reset();
  auto report = place.verify();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->entries, total);
}

TEST(LedgerTest, OneWriterManyReaders) {
  TempDir dir;
  auto writer = create_ledger(dir.path() / "l");
  ASSERT_TRUE(writer->append(event("e", 1)));
  auto second = open_ledger(dir.path() / "l");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, base::ErrorKind::Busy);
  // A reader needs neither the lock nor the private key.
  LedgerOptions o = trustgate::testing::ledger_options(dir.path() / "l");
  o.key = test_key().public_only();
  auto reader = Ledger::open_read_only(o);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ((*reader)->size(), 2u);
  EXPECT_EQ(*(*reader)->entry(1), *writer->entry(1));
  EXPECT_FALSE((*reader)->append(event("e", 2)));
  ASSERT_TRUE(writer->append(event("e", 2)));
  EXPECT_EQ((*reader)->size(), 2u);  // it sees the log as it opened it
  EXPECT_FALSE(Ledger::open(o));     // writing needs the private key
}

// Recovery never signs what it finds: what follows the last checkpoint was
// never acknowledged, and is cut off.
TEST(LedgerRecoveryTest, EntriesAfterTheLastCheckpointAreCutNotSigned) {
  TempDir dir;
  fill(dir.path(), 2);
  const auto path = dir.path() / kEntriesFile;
  const std::string forged = R"({"event":"overridden","reason":"forged","seq":3})";
  spit(path, without_reserve(slurp(path)) + forged + "\n" + R"({"event":"half)");
  auto report = verify(dir.path());
  ASSERT_FALSE(report);  // no writer holds it: leftovers, not part of the log
  EXPECT_NE(report.error().message.find("never acknowledged"), std::string::npos)
      << report.error().message;
  auto l = open_ledger(dir.path());
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ((*l)->size(), 3u);
  EXPECT_EQ(slurp(path).find("forged"), std::string::npos);
  EXPECT_EQ(*(*l)->append(event("e", 3)), 3u);
  l->reset();
  ASSERT_TRUE(verify(dir.path()));
}

TEST(LedgerRecoveryTest, ATornFinalCheckpointIsCut) {
  TempDir dir;
  fill(dir.path(), 2);
  const auto cps = dir.path() / kCheckpointsFile;
  const std::string good = without_reserve(slurp(cps));
  spit(cps, good + "trustgate/test\n4\nAAAA");
  auto l = open_ledger(dir.path());
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ((*l)->size(), 3u);
  l->reset();
  EXPECT_EQ(without_reserve(slurp(cps)), good);
  ASSERT_TRUE(verify(dir.path()));
}

TEST(LedgerRecoveryTest, EmptiedCheckpointsAreRefusedNeverResigned) {
  TempDir dir;
  fill(dir.path(), 3);
  const auto entries = dir.path() / kEntriesFile;
  const std::string before = slurp(entries);
  spit(dir.path() / kCheckpointsFile, "");
  auto l = open_ledger(dir.path());
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().kind, base::ErrorKind::Corruption);
  EXPECT_NE(error_of(l).find("no checkpoint"), std::string::npos) << error_of(l);
  EXPECT_EQ(slurp(entries), before);
  EXPECT_EQ(slurp(dir.path() / kCheckpointsFile), "");
  EXPECT_FALSE(verify(dir.path()));
  // Only the header left: the same.
  spit(dir.path() / kCheckpointsFile, kCheckpointsHeader);
  EXPECT_NE(error_of(open_ledger(dir.path())).find("no checkpoint"), std::string::npos);
}

TEST(LedgerRecoveryTest, AlteredOrMissingEntriesAreRefused) {
  TempDir dir;
  fill(dir.path(), 4);
  const auto path = dir.path() / kEntriesFile;
  auto lines = lines_of(without_reserve(slurp(path)));
  auto altered = lines;
  altered[2].replace(altered[2].find("\"n\":"), 5, "\"n\":7");
  spit(path, join(altered));
  EXPECT_NE(error_of(open_ledger(dir.path())).find("an entry was altered"), std::string::npos);
  auto removed = lines;
  removed.pop_back();
  spit(path, join(removed));
  EXPECT_NE(error_of(open_ledger(dir.path())).find("entries were removed"), std::string::npos);
}

TEST(LedgerRecoveryTest, ACompleteCheckpointWithABadSignatureIsRefused) {
  TempDir dir;
  fill(dir.path(), 2);
  const auto cps = dir.path() / kCheckpointsFile;
  std::string text = without_reserve(slurp(cps));
  size_t sig = text.rfind("— ");
  size_t b64 = text.find(' ', sig + 4) + 1;
  text[b64 + 10] = text[b64 + 10] == 'A' ? 'B' : 'A';
  spit(cps, text);
  auto l = open_ledger(dir.path());
  ASSERT_FALSE(l);
  EXPECT_NE(error_of(l).find("no valid signature"), std::string::npos) << error_of(l);
}

TEST(LedgerRecoveryTest, AFormat1LedgerIsRefusedWithAMessage) {
  TempDir dir;
  spit(dir.path() / "entries.log", "{\"event\":\"x\",\"seq\":0}\n");
  spit(dir.path() / "heads.log", "trustgate/test\n1\nAAAA\n");
  auto l = open_ledger(dir.path());
  ASSERT_FALSE(l);
  EXPECT_NE(error_of(l).find("format 1"), std::string::npos) << error_of(l);
}

TEST(LedgerRecoveryTest, CreateRefusesADirectoryWithFiles) {
  TempDir dir;
  spit(dir.path() / "something", "x");
  auto l = Ledger::create(trustgate::testing::ledger_options(dir.path()));
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().kind, base::ErrorKind::Conflict);
}

// Each way of tampering with a log of ledger_created + 6 entries, one
// commit each, as `ledger verify` sees it.
class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fill(dir_.path(), 6);
    entries_ = lines_of(without_reserve(slurp(entries_path())));
    checkpoints_ = without_reserve(slurp(checkpoints_path()));
    ASSERT_TRUE(verify(dir_.path()));
  }
  std::filesystem::path entries_path() const { return dir_.path() / kEntriesFile; }
  std::filesystem::path checkpoints_path() const { return dir_.path() / kCheckpointsFile; }
  std::string verify_error() {
    auto r = verify(dir_.path());
    return r ? "" : r.error().message;
  }
  TempDir dir_;
  std::vector<std::string> entries_;
  std::string checkpoints_;
};

TEST_F(TamperTest, AlteringAnyEntryFailsAndNamesIt) {
  for (size_t i = 1; i < entries_.size(); ++i) {
    auto altered = entries_;
    altered[i].replace(altered[i].find("\"n\":"), 5, "\"n\":9");
    spit(entries_path(), join(altered));
    std::string err = verify_error();
    EXPECT_NE(err.find("entry " + std::to_string(i)), std::string::npos) << i << ": " << err;
  }
}

TEST_F(TamperTest, AlteringTheFirstEntryFails) {
  auto altered = entries_;
  altered[0].replace(altered[0].find("ledger_created"), 14, "ledger_started");
  spit(entries_path(), join(altered));
  EXPECT_NE(verify_error().find("entry 0"), std::string::npos) << verify_error();
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
}

TEST_F(TamperTest, AlteringACheckpointFails) {
  // A checkpoint's size (size lines are the only lines "4"), its origin.
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = checkpoints_;
    return text.replace(text.find(from), from.size(), to);
  };
  spit(checkpoints_path(), replaced("\n4\n", "\n3\n"));
  EXPECT_FALSE(verify_error().empty());
  spit(checkpoints_path(), replaced("trustgate/test\n", "trustgate/other\n"));
  EXPECT_NE(verify_error().find("origin"), std::string::npos) << verify_error();
  spit(checkpoints_path(),
       "trustgate checkpoints 1\n" + checkpoints_.substr(std::string(kCheckpointsHeader).size()));
  EXPECT_NE(verify_error().find("does not start with"), std::string::npos);
}

// The canonical form an entry must be in, line by line: each variant of a
// good line that a JSON parser reads as the same value is refused.
TEST(LedgerVerifyTest, OnlyTheCanonicalFormOfAnEntryPasses) {
  std::string scratch;
  for (const char* good : {
           R"({"a":[1,-2,true,false,null,{}],"seq":3})",
           R"({"a":"tab\there \"q\" \\ \u001f é","seq":3})",
           R"({"":0,"a":"","b":[],"seq":3})",
           R"({"seq":3,"z":-9223372036854775808})",
       }) {
    EXPECT_EQ(check_line(good, 3, scratch), "") << good;
  }
  for (const char* bad : {
           R"({"seq":3 })",
           R"({ "seq":3})",
           R"({"seq": 3})",
           R"({"a":1 ,"seq":3})",
           R"({"seq":3,"a":1})",         // unsorted
           R"({"a":1,"a":1,"seq":3})",   // repeated
           R"({"a":"\u0041","seq":3})",  // an escape that is not needed
           R"({"a":"\/","seq":3})",      // an escape that is not needed
           R"({"a":"\u001F","seq":3})",  // upper-case hex
           R"({"a":"\u000a","seq":3})",  // \n is the canonical escape
           R"({"a":1.0,"seq":3})",
           R"({"a":1e2,"seq":3})",
           R"({"a":-0,"seq":3})",
           R"({"a":18446744073709551615,"seq":3})",  // not an int64
           R"({"a":[1, 2],"seq":3})",
           R"({"a":[1,2] ,"seq":3})",
           R"({"seq":3} )",
       }) {
    EXPECT_EQ(check_line(bad, 3, scratch), "not in canonical JSON form") << bad;
  }
  EXPECT_EQ(check_line(R"({"seq":3}x)", 3, scratch), "not valid JSON");
  EXPECT_NE(check_line(R"({"seq":4})", 3, scratch), "");
}

// Verification reads entries.log in chunks of 16 MiB, checking one chunk
// while folding the one before: a log of several chunks verifies, and the
// first problem in log order is the one named, wherever it lies.
TEST(LedgerVerifyTest, ALogOfSeveralChunksVerifiesAndTheFirstProblemIsNamed) {
  TempDir dir;
  {
    auto l = create_ledger(dir.path());
    const std::string filler(60000, 'x');  // entries near the largest allowed
    for (int commit = 0; commit < 12; ++commit) {
      ASSERT_TRUE(l->append_all([&](uint64_t) -> base::Result<std::vector<common::Json>> {
        std::vector<common::Json> events;
        for (int i = 0; i < 100; ++i) {
          common::Json e = event("big", commit * 100 + i);
          e.set("filler", filler);
          events.push_back(std::move(e));
        }
        return events;
      }));
    }
  }
  auto ok = verify(dir.path());
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->entries, 1201u);
  const std::string path = (dir.path() / kEntriesFile).string();
  auto lines = lines_of(without_reserve(slurp(path)));
  ASSERT_GT(join(lines).size(), size_t{3} * (16 << 20)) << "the log spans fewer than 4 chunks";

  auto deleted = lines;  // entry 1000 lies in the fourth chunk
  deleted.erase(deleted.begin() + 1000);
  spit(path, join(deleted));
  auto r = verify(dir.path());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("entry 1000: has \"seq\": 1001"), std::string::npos)
      << r.error().message;

  auto both = deleted;  // and a non-canonical entry 300, in the second chunk
  both[300].replace(both[300].find(':'), 1, ": ");
  spit(path, join(both));
  r = verify(dir.path());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("entry 300: not in canonical JSON form"), std::string::npos)
      << r.error().message;

  auto altered = lines;  // a changed value in the third chunk: its checkpoint
  altered[650].replace(altered[650].find("xxxx"), 4, "xxyx");
  spit(path, join(altered));
  r = verify(dir.path());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("one of entries 601..700"), std::string::npos)
      << r.error().message;
}

TEST(LedgerVerifyTest, ChecksConsistencyWithAnOlderCheckpoint) {
  TempDir dir;
  fill(dir.path() / "l", 3);
  SignedCheckpoint old = verify(dir.path() / "l")->checkpoint;
  fill(dir.path() / "l", 4);
  VerifyOptions o{&base::posix_storage(), trustgate::testing::test_verifier(), old, false};
  auto ok = verify_ledger(dir.path() / "l", o);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->entries, 8u);
  // The key holder rewrites history before the old checkpoint and signs a
  // new log: self-consistent, but not consistent with what the auditor kept.
  auto lines = lines_of(without_reserve(slurp(dir.path() / "l" / kEntriesFile)));
  {
    auto forged = create_ledger(dir.path() / "forged");
    for (size_t i = 1; i < lines.size(); ++i) {
      auto e = common::parse_json(lines[i].substr(0, lines[i].size() - 1));
      e->as_object().erase("seq");
      if (i == 2) e->set("n", 5);
      ASSERT_TRUE(forged->append(*e));
    }
  }
  ASSERT_TRUE(verify(dir.path() / "forged"));
  auto r = verify_ledger(dir.path() / "forged", o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not consistent with the older checkpoint"), std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace trustgate::ledger
