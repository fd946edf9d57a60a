// read_entries() over many chunks: entries.log read a few KiB at a time, so
// that entries straddle every chunk boundary, gives every entry once, in
// order, as the ledger holds it; an altered entry in any chunk is found.
#include "trustgate/ledger/reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "trustgate/common/json.h"
#include "trustgate/ledger/ledger_test_util.h"

namespace trustgate::ledger {
namespace {

using trustgate::testing::create_ledger;
using trustgate::testing::TempDir;

constexpr uint64_t kEntries = 600;

// Entries of 60 to about 900 bytes, so that chunk boundaries fall anywhere.
void fill(Ledger& l) {
  for (uint64_t i = 1; i < kEntries; ++i) {
    common::Json e = common::Json::object();
    e.set("event", std::string("note"));
    e.set("text", std::string((i * 7919) % 840, static_cast<char>('a' + i % 26)));
    ASSERT_TRUE(l.append(std::move(e)));
  }
}

struct Read {
  std::vector<std::string> entries;
  base::Status status = base::Status::Ok();
  uint64_t progress_calls = 0;
};

Read read_all(const LogSource& log, const Checkpoint& cp, size_t chunk_bytes) {
  Read out;
  ReadOptions options;
  options.threads = 2;
  options.chunk_bytes = chunk_bytes;
  options.progress = [&](uint64_t, uint64_t) { ++out.progress_calls; };
  out.status = read_entries(
      log, cp,
      [&](uint64_t first, std::span<const std::string_view> entries) -> base::Status {
        EXPECT_EQ(first, out.entries.size()) << "runs arrive in order, without gaps";
        for (std::string_view e : entries) out.entries.emplace_back(e);
        return base::Status::Ok();
      },
      options);
  return out;
}

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_ = create_ledger(dir());
    ASSERT_TRUE(ledger_);
    fill(*ledger_);
    ASSERT_EQ(ledger_->size(), kEntries);
  }
  std::filesystem::path dir() const { return tmp_.path() / "ledger"; }
  std::vector<std::string> held() const {
    std::vector<std::string> out;
    for (uint64_t i = 0; i < kEntries; ++i) out.push_back(*ledger_->entry(i));
    return out;
  }

  TempDir tmp_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(ReaderTest, SmallChunksGiveEveryEntryOnceInOrder) {
  const Checkpoint cp = ledger_->checkpoint().checkpoint;
  const std::vector<std::string> expected = held();
  for (size_t chunk : {size_t{1}, size_t{512}, size_t{4096}, size_t{65536}, size_t{64} << 20}) {
    SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
    Read r = read_all(LogSource(dir()), cp, chunk);
    ASSERT_TRUE(r.status) << r.status.error().describe();
    EXPECT_EQ(r.entries, expected);
    if (chunk <= 4096) {
      // About 270 KB, read chunk_bytes plus the longest entry (64 KiB) at a time.
      EXPECT_GE(r.progress_calls, 4u) << "the log was read in too few pieces";
    }
  }
  // The open ledger's path gives the same entries.
  Read through = read_all(LogSource(*ledger_), cp, 4096);
  ASSERT_TRUE(through.status) << through.status.error().describe();
  EXPECT_EQ(through.entries, expected);
}

// A checkpoint smaller than the log: the entries it covers and no more,
// though complete entries follow them in the chunk.
TEST_F(ReaderTest, AnOlderCheckpointGivesTheEntriesItCovers) {
  const std::vector<std::string> all = held();
  for (uint64_t size : {uint64_t{1}, uint64_t{257}, kEntries - 1}) {
    SCOPED_TRACE("size " + std::to_string(size));
    auto root = ledger_->root(size);
    ASSERT_TRUE(root) << root.error().describe();
    const Checkpoint older{trustgate::testing::kOrigin, size, *root};
    for (size_t chunk : {size_t{1}, size_t{64} << 20}) {
      Read r = read_all(LogSource(dir()), older, chunk);
      ASSERT_TRUE(r.status) << r.status.error().describe();
      EXPECT_EQ(r.entries, std::vector<std::string>(all.begin(), all.begin() + size));
    }
  }
}

// A copy of the log without the NUL reserve that follows its entries (an
// auditor's copy, cut at the last line break) reads as the log does. Cut
// inside its last entry, the file ends before the checkpoint's entries do
// (the reader's end-of-file path): that entry is missing.
TEST_F(ReaderTest, ALogWithoutItsReserveReadsAndOneCutShortIsFound) {
  const Checkpoint cp = ledger_->checkpoint().checkpoint;
  const std::vector<std::string> expected = held();
  ledger_.reset();
  const std::filesystem::path log = dir() / "entries.log";
  const std::string original = trustgate::testing::slurp(log);
  const size_t end = original.rfind('\n') + 1;
  ASSERT_LT(end, original.size()) << "the log keeps a reserve after its entries";
  trustgate::testing::spit(log, original.substr(0, end));
  for (size_t chunk : {size_t{1}, size_t{4096}, size_t{64} << 20}) {
    SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
    Read r = read_all(LogSource(dir()), cp, chunk);
    ASSERT_TRUE(r.status) << r.status.error().describe();
    EXPECT_EQ(r.entries, expected);
  }
  trustgate::testing::spit(log, original.substr(0, end - 5));
  Read cut = read_all(LogSource(dir()), cp, 4096);
  ASSERT_FALSE(cut.status);
  EXPECT_EQ(cut.status.error().kind, base::ErrorKind::Corruption);
  EXPECT_NE(cut.status.error().message.find("entries were removed"), std::string::npos)
      << cut.status.error().describe();
}

TEST_F(ReaderTest, AnEntryAlteredInAnyChunkIsFound) {
  const Checkpoint cp = ledger_->checkpoint().checkpoint;
  ledger_.reset();
  const std::filesystem::path log = dir() / "entries.log";
  const std::string original = trustgate::testing::slurp(log);
  for (uint64_t index : {uint64_t{1}, kEntries / 2, kEntries - 1}) {
    SCOPED_TRACE("entry " + std::to_string(index));
    // One letter of the entry's text changed, its length kept.
    size_t at = 0;
    for (uint64_t i = 0; i < index; ++i) at = original.find('\n', at) + 1;
    std::string altered = original;
    const size_t text = altered.find("\"text\":\"", at);
    ASSERT_NE(text, std::string::npos);
    altered[text + 8] = altered[text + 8] == 'z' ? 'y' : 'z';
    trustgate::testing::spit(log, altered);
    Read r = read_all(LogSource(dir()), cp, 4096);
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().kind, base::ErrorKind::Corruption) << r.status.error().describe();
  }
}

}  // namespace
}  // namespace trustgate::ledger
