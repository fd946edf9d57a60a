// The witness (C2SP tlog-witness), cosignatures, tiles and the auditor, in
// process: a ledger, a witness directory, the auditor reading tiles
// straight from the ledger.
#include "trustgate/witness/witness.h"

#include <gtest/gtest.h>

#include "trustgate/ledger/audit.h"
#include "trustgate/ledger/ledger_test_util.h"
#include "trustgate/ledger/tiles.h"

namespace trustgate::witness {
namespace {

using ledger::Hash;
using trustgate::testing::TempDir;

std::string add_body(uint64_t old_size, const std::vector<Hash>& proof,
                     const ledger::SignedCheckpoint& cp) {
  std::string body = "old " + std::to_string(old_size) + "\n";
  for (const Hash& h : proof) body += ledger::hash_base64(h) + "\n";
  return body + "\n" + cp.note.to_string();
}

class WitnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = trustgate::testing::create_ledger(tmp_.path() / "log");
    auto key = init_witness(tmp_.path() / "w", "witness.test/w1");
    ASSERT_TRUE(key) << key.error().describe();
    witness_key_ = *key;
    ASSERT_TRUE(follow_log(tmp_.path() / "w", log_->note_key().verifier_key()));
    auto w = Witness::open(tmp_.path() / "w");
    ASSERT_TRUE(w) << w.error().describe();
    witness_ = std::move(*w);
  }
  void grow(int n) {
    for (int i = 0; i < n; ++i) ASSERT_TRUE(log_->append(trustgate::testing::event("e", i)));
  }
  Answer submit(uint64_t old_size) {
    auto proof = log_->consistency_proof(old_size, log_->size());
    EXPECT_TRUE(proof);
    return witness_->add_checkpoint(add_body(old_size, *proof, log_->checkpoint()), 1700000000);
  }

  TempDir tmp_;
  std::unique_ptr<ledger::Ledger> log_;
  std::string witness_key_;
  std::unique_ptr<Witness> witness_;
};

TEST_F(WitnessTest, CosignsGrowthWithAConsistencyProof) {
  Answer first = submit(0);
  ASSERT_EQ(first.status, 200) << first.body;
  auto key = ledger::CosignerKey::from_verifier_key(witness_key_);
  ASSERT_TRUE(key);
  auto note = ledger::parse_note(log_->checkpoint().note.text + "\n" + first.body);
  ASSERT_TRUE(note);
  EXPECT_EQ(key->cosigned_at(log_->checkpoint().note.text, note->signatures), 1700000000u);
  const uint64_t cosigned = log_->size();
  grow(5);
  Answer second = submit(cosigned);
  EXPECT_EQ(second.status, 200) << second.body;
  // The state survives a restart.
  witness_.reset();
  auto again = Witness::open(tmp_.path() / "w");
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->latest(log_->note_key().name())->checkpoint.size, log_->size());
}

TEST_F(WitnessTest, RefusesWhatTheSpecSaysToRefuse) {
  ASSERT_EQ(submit(0).status, 200);
  const uint64_t cosigned = log_->size();
  grow(3);
  Answer stale = submit(0);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body, std::to_string(cosigned) + "\n");
  EXPECT_EQ(stale.content_type, "text/x.tlog.size");
  auto proof = *log_->consistency_proof(cosigned, log_->size());
  proof[0][0] ^= 1;
  EXPECT_EQ(witness_->add_checkpoint(add_body(cosigned, proof, log_->checkpoint()), 1).status, 422);
  EXPECT_EQ(witness_->add_checkpoint("old 1\n", 1).status, 400);
  EXPECT_EQ(witness_->add_checkpoint("olde 1\n\n", 1).status, 400);
  // Another log, unknown to the witness: 404; this log's origin signed by another key: 403.
  TempDir other;
  ledger::LedgerOptions o{&base::posix_storage(), other.path() / "l", "trustgate/other",
                          *common::Ed25519Key::generate()};
  auto stranger = ledger::Ledger::create(o);
  ASSERT_TRUE(stranger);
  EXPECT_EQ(witness_->add_checkpoint(add_body(0, {}, (*stranger)->checkpoint()), 1).status, 404);
  auto impostor_key = *ledger::NoteKey::make("trustgate/test", *common::Ed25519Key::generate());
  auto forged = *ledger::sign_checkpoint(log_->checkpoint().checkpoint, impostor_key);
  EXPECT_EQ(witness_->add_checkpoint(add_body(cosigned, {}, forged), 1).status, 403);
  EXPECT_EQ(witness_->add_checkpoint(add_body(log_->size() + 1, {}, log_->checkpoint()), 1).status,
            400);
}

TEST_F(WitnessTest, AForkIsNotCosigned) {
  ASSERT_EQ(submit(0).status, 200);
  grow(2);
  ASSERT_EQ(submit(1).status, 200);
  const uint64_t cosigned = log_->size();
  // The key holder rewrites entry 2 and re-signs a longer log.
  auto fork = trustgate::testing::create_ledger(tmp_.path() / "fork");
  ASSERT_TRUE(fork->append(trustgate::testing::event("e", 0)));
  ASSERT_TRUE(fork->append(trustgate::testing::event("rewritten", 1)));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(fork->append(trustgate::testing::event("x", i)));
  auto proof = fork->consistency_proof(cosigned, fork->size());
  ASSERT_TRUE(proof);
  // (entry 0, ledger_created, may differ by its time; any difference forks.)
  Answer a = witness_->add_checkpoint(add_body(cosigned, *proof, fork->checkpoint()), 1);
  EXPECT_EQ(a.status, 422) << a.body;
}

TEST(TilesTest, PathsFollowTheSpec) {
  for (auto [path, ok] : {std::pair{"tile/0/000", true},
                          {"tile/0/x001/x234/067", true},
                          {"tile/entries/005.p/17", true},
                          {"tile/3/000.p/255", true},
                          {"tile/0/1", false},
                          {"tile/0/001.p/0", false},
                          {"tile/0/001.p/256", false},
                          {"tile/64/000", false},
                          {"tile/0/x000/001", false},
                          {"tile/00/000", false},
                          {"tile/entries/../../etc", false}}) {
    auto t = ledger::parse_tile_path(path);
    EXPECT_EQ(t.ok(), ok) << path;
    if (t) {
      EXPECT_EQ(ledger::tile_path(*t), path);
    }
  }
  auto t = *ledger::parse_tile_path("tile/0/x001/x234/067");
  EXPECT_EQ(t.index, 1234067u);
}

TEST(AuditTest, ReadsTheLogThroughTilesAndCatchesARewrite) {
  TempDir tmp;
  auto log = trustgate::testing::create_ledger(tmp.path() / "log");
  for (int i = 0; i < 600; ++i) ASSERT_TRUE(log->append(trustgate::testing::event("e", i)));
  auto fetch_from = [](const ledger::Ledger& l) {
    return [&l](const std::string& path) -> base::Result<std::string> {
      if (path == "checkpoint") return l.checkpoint().note.to_string();
      auto t = ledger::parse_tile_path(path);
      if (!t) return t.error();
      return ledger::read_tile(l, *t);
    };
  };
  ledger::AuditOptions o;
  o.key = log->note_key();
  auto report = ledger::audit_log(fetch_from(*log), o);
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_EQ(report->entries_checked, 601u);
  EXPECT_GE(report->tiles_checked, 4u);  // 3 level-0 tiles, a level-1 tile
  // A log with the same key but another history, longer than what was seen.
  auto fork = trustgate::testing::create_ledger(tmp.path() / "fork");
  for (int i = 0; i < 700; ++i) ASSERT_TRUE(fork->append(trustgate::testing::event("f", i)));
  o.last = report->checkpoint;
  auto caught = ledger::audit_log(fetch_from(*fork), o);
  ASSERT_FALSE(caught);
  EXPECT_NE(caught.error().message.find("rewritten"), std::string::npos) << caught.error().message;
  // A tile served wrong is caught too.
  auto lying = [&](const std::string& path) -> base::Result<std::string> {
    auto bytes = fetch_from(*log)(path);
    if (bytes && path == "tile/1/000.p/2") (*bytes)[0] ^= 1;
    return bytes;
  };
  o.last.reset();
  EXPECT_FALSE(ledger::audit_log(lying, o));
}

}  // namespace
}  // namespace trustgate::witness
