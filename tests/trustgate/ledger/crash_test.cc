// The crash loop: a child process appends from several threads and reports
// each acknowledged entry on a pipe; the parent SIGKILLs it at a random
// moment, recovers the ledger, and checks that every acknowledged entry is
// present at its index and that the log verifies.
//
// It runs against each backend (files; PostgreSQL, where the killed
// process's open transaction is rolled back by the server).
// TRUSTGATE_CRASH_CYCLES sets the number of cycles (default 30 for files,
// 10 for PostgreSQL); scripts/crash-loop runs 500.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "ledger_backend.h"
#include "ledger_test_util.h"
#include "trustgate/ledger/verify.h"

namespace trustgate::ledger {
namespace {

using trustgate::testing::Backend;
using trustgate::testing::LedgerPlace;

constexpr int kThreads = 8;

// The child: append forever; after each acknowledgement write "seq id\n" to
// `ack_fd` in one write() (atomic on a pipe below PIPE_BUF).
[[noreturn]] void run_child(LedgerPlace& place, int cycle, int ack_fd, int ready_fd) {
  auto ledger = place.open();
  if (!ledger) _exit(3);
  if (::write(ready_fd, "R", 1) != 1) _exit(6);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        std::string id = std::to_string(cycle) + "-" + std::to_string(t) + "-" + std::to_string(i);
        common::Json e = common::Json::object();
        e.set("event", "crash_test");
        e.set("id", id);
        auto seq = (*ledger)->append(std::move(e));
        if (!seq) _exit(4);
        std::string line = std::to_string(*seq) + " " + id + "\n";
        if (::write(ack_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
          _exit(5);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  _exit(0);
}

int cycles(Backend backend) {
  const char* env = std::getenv("TRUSTGATE_CRASH_CYCLES");
  return env ? std::max(1, std::atoi(env)) : backend == Backend::Files ? 30 : 10;
}

// Reads from `fd` until it holds a complete line (the child's first
// acknowledgement) and returns what was read; empty when none came within
// `timeout` (or the child closed the pipe).
std::string read_first_ack(int fd, std::chrono::milliseconds timeout) {
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  while (text.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return "";
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

// Reads every acknowledgement the child wrote before it died (`text`: what
// was read from `fd` already).
std::map<uint64_t, std::string> read_acks(int fd, std::string text) {
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  std::map<uint64_t, std::string> acks;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    std::string line = text.substr(pos, nl - pos);
    size_t sp = line.find(' ');
    acks[std::stoull(line.substr(0, sp))] = line.substr(sp + 1);
    pos = nl + 1;
  }
  return acks;
}

class LedgerCrashTest : public ::testing::TestWithParam<Backend> {};

TEST_P(LedgerCrashTest, KilledAppendersNeverLoseAcknowledgedEntries) {
  LedgerPlace place(GetParam());
  place.create();  // the key is made here, before forking: shared
  std::mt19937 rng(20250127);
  std::map<uint64_t, std::string> all_acks;
  const int n = cycles(GetParam());
  uint64_t killed_with_acks = 0;
  for (int cycle = 0; cycle < n; ++cycle) {
    int fds[2], ready[2];
    ASSERT_EQ(::pipe(fds), 0);
    ASSERT_EQ(::pipe(ready), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      ::close(ready[0]);
      run_child(place, cycle, fds[1], ready[1]);
    }
    ::close(fds[1]);
    ::close(ready[1]);
    std::string first;  // acknowledgements read before the kill
    if (cycle % 5 == 0) {
      // Any moment from the start, recovery included.
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 20000));
    } else {
      // Mid-append: once the child has an acknowledgement (however long a
      // loaded machine takes to give it one), 0 to 30 ms later (PostgreSQL:
      // 0 to 100 ms, its commits take longer).
      char byte = 0;
      ASSERT_EQ(::read(ready[0], &byte, 1), 1) << "cycle " << cycle << ": child failed to open";
      first = read_first_ack(fds[0], std::chrono::seconds(60));
      ASSERT_FALSE(first.empty()) << "cycle " << cycle << ": no acknowledgement within 60 s";
      const bool files = GetParam() == Backend::Files;
      std::this_thread::sleep_for(
          std::chrono::microseconds(files ? rng() % 30000 : rng() % 100000));
    }
    ::kill(pid, SIGKILL);
    ::close(ready[0]);
    auto acks = read_acks(fds[0], std::move(first));
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited by itself, status " << status;
    killed_with_acks += !acks.empty();
    all_acks.insert(acks.begin(), acks.end());

    auto ledger = place.open();
    ASSERT_TRUE(ledger) << "cycle " << cycle << ": " << ledger.error().describe();
    for (const auto& [seq, id] : all_acks) {
      auto entry = (*ledger)->entry(seq);
      ASSERT_TRUE(entry) << "cycle " << cycle << ": acknowledged entry " << seq << " lost";
      ASSERT_NE(entry->find("\"id\":\"" + id + "\""), std::string::npos)
          << "cycle " << cycle << ": entry " << seq << " is not " << id;
    }
    ledger = base::Error{"closed"};
    auto after = place.verify(false);
    ASSERT_TRUE(after) << "cycle " << cycle << ": " << after.error().message;
    ASSERT_EQ(after->in_flight_bytes, 0u);
  }
  // Most kills hit appends in flight: every mid-append kill (four in five
  // cycles) waited for an acknowledgement, and the child kept appending.
  EXPECT_GE(killed_with_acks, uint64_t(n) * 4 / 5);
  std::printf("crash loop (%s): %d cycles, %zu acknowledged entries, 0 lost\n",
              GetParam() == Backend::Files ? "files" : "PostgreSQL", n, all_acks.size());
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerCrashTest, trustgate::testing::kAllBackends,
                         trustgate::testing::backend_name);

}  // namespace
}  // namespace trustgate::ledger
