#include "disclose_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "base/clock.h"
#include "case_commands.h"
#include "cli_util.h"
#include "trustgate/disclose/release.h"

namespace trustgate::cli {

namespace {

namespace fs = std::filesystem;

constexpr size_t kReadBytes = size_t{1} << 20;

struct DiscloseArgs {
  std::string request;
  std::string records;
  std::string out;
  std::string log;
  std::string format;
  std::string data;
};

base::Status write_all(int fd, std::string_view bytes, const std::string& name) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return base::io_error(name + ": " + std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return base::Status::Ok();
}

// An output file written under a temporary name and moved into place only
// once the release is in the ledger.
class OutputFile {
 public:
  base::Status open(const std::string& path) {
    path_ = path;
    if (path.empty() || path == "-") {
      fd_ = STDOUT_FILENO;
      return base::Status::Ok();
    }
    temp_ = path + ".partial";
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0) return base::io_error(temp_ + ": " + std::strerror(errno));
    return base::Status::Ok();
  }
  disclose::ByteSink sink() {
    return [this](std::string_view bytes) { return write_all(fd_, bytes, name()); };
  }
  base::Status commit() {
    if (temp_.empty()) return base::Status::Ok();
    if (::fsync(fd_) != 0 || ::close(fd_) != 0)
      return base::io_error(temp_ + ": " + std::strerror(errno));
    fd_ = -1;
    std::error_code ec;
    fs::rename(temp_, path_, ec);
    if (ec) return base::io_error(path_ + ": " + ec.message());
    temp_.clear();
    return base::Status::Ok();
  }
  ~OutputFile() {
    if (!temp_.empty()) {
      if (fd_ >= 0) ::close(fd_);
      ::unlink(temp_.c_str());
    }
  }
  std::string name() const { return temp_.empty() ? "standard output" : path_; }

 private:
  std::string path_, temp_;
  int fd_ = -1;
};

base::Status read_records(const std::string& path, disclose::Release& release) {
  int fd = STDIN_FILENO;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return base::io_error(path + ": " + std::strerror(errno));
  }
  std::unique_ptr<char[]> buf(new char[kReadBytes]);
  base::Status status;
  for (;;) {
    ssize_t n = ::read(fd, buf.get(), kReadBytes);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = base::io_error(path + ": " + std::strerror(errno));
      break;
    }
    if (n == 0) break;
    status = release.feed(std::string_view(buf.get(), static_cast<size_t>(n)));
    if (!status) break;
  }
  if (fd != STDIN_FILENO) ::close(fd);
  return status;
}

void print_summary(const disclose::ReleaseTally& t, const policy::Vocabulary& vocab, uint64_t seq) {
  std::cerr << "released " << (t.records - t.records_withheld) << " of " << t.records
            << " records (" << t.records_withheld << " withheld in full), " << t.bytes
            << " bytes, sha256 " << t.sha256 << "\n";
  std::string withheld;
  for (size_t c = 0; c < t.withheld.size(); ++c) {
    if (t.withheld[c] == 0) continue;
    withheld += (withheld.empty() ? "" : ", ") + vocab.release.field_classes.values[c] + " " +
                std::to_string(t.withheld[c]);
  }
  if (t.withheld_unclassified) {
    withheld += (withheld.empty() ? "" : ", ") + std::string("not in the record schema ") +
                std::to_string(t.withheld_unclassified);
  }
  std::cerr << "withheld fields: " << (withheld.empty() ? "none" : withheld) << "\n";
  std::cerr << "recorded as ledger entry " << seq << "\n";
}

int run_disclose(const DiscloseArgs& a) {
  const std::string ctx = "disclose";
  auto desk = open_desk(a.data, cases::Access::Write, true);
  if (!desk) return fail_with_kind(ctx, desk.error());
  const policy::Library& lib = *(*desk)->library;
  const policy::Vocabulary& vocab = lib.vocabulary();
  auto schemas = disclose::load_record_schemas((*desk)->data.policies() / "records", vocab.release);
  if (!schemas) return fail_with_kind(ctx + ": record schemas", schemas.error());
  auto text = read_file(a.request);
  if (!text) return fail(a.request, text.error());
  auto request = disclose::parse_disclosure_request(*text, vocab, base::now_unix_seconds());
  if (!request) return fail_with_kind(ctx + ": " + a.request, request.error());
  auto plan = disclose::plan_release(lib, *request);
  if (!plan) return fail_with_kind(ctx + ": " + a.request, plan.error());
  disclose::RecordFormat format = disclose::RecordFormat::Jsonl;
  if (a.format == "csv" || (a.format.empty() && a.records.ends_with(".csv"))) {
    format = disclose::RecordFormat::Csv;
  }
  OutputFile out, log;
  if (auto s = out.open(a.out); !s) return fail_with_kind(ctx, s.error());
  std::string log_path = a.log;
  if (log_path.empty() && !a.out.empty() && a.out != "-") log_path = a.out + ".redactions.jsonl";
  if (!log_path.empty()) {
    if (auto s = log.open(log_path); !s) return fail_with_kind(ctx, s.error());
  }
  disclose::Release release(*plan, *schemas, vocab, *request, format, out.sink(),
                            log_path.empty() ? disclose::ByteSink{} : log.sink());
  if (auto s = read_records(a.records, release); !s) return fail_with_kind(ctx, s.error());
  auto tally = release.finish();
  if (!tally) return fail_with_kind(ctx, tally.error());
  const cases::Actor actor = cli_actor();
  auto seq = (*desk)->data.ledger->append(disclose::disclosed_event(
      *request, *plan, *tally, format, vocab, actor.id, actor.role, "cli"));
  if (!seq) {
    return fail_with_kind(ctx + ": the release was not recorded, so it is not given out",
                          seq.error());
  }
  if (auto s = out.commit(); !s) return fail_with_kind(ctx, s.error());
  if (auto s = log.commit(); !s) return fail_with_kind(ctx, s.error());
  print_summary(*tally, vocab, *seq);
  return kExitOk;
}

}  // namespace

void add_disclose_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<DiscloseArgs>();
  CLI::App* cmd = app.add_subcommand(
      "disclose",
      "Release records through the disclosure guard: each field is released or withheld by its "
      "class under the jurisdiction's law (policies/records/ names the classes), withheld values "
      "are replaced in place by their ground, a redaction log is written beside the output, and "
      "the release is recorded in the ledger (a `disclosed` entry: counts and the SHA-256 of "
      "what was released, never a withheld value). Exit 0 released, 1 bad request or input, 6 "
      "I/O");
  cmd->add_option("--request", a->request, "Disclosure request JSON (docs/disclosure.md)")
      ->required();
  cmd->add_option("--records", a->records, "Records: JSONL or CSV ('-' for stdin)")->required();
  cmd->add_option("--out", a->out,
                  "Released records (default: standard output); moved into place only once "
                  "recorded");
  cmd->add_option("--log", a->log,
                  "Redaction log, JSONL (default: OUT.redactions.jsonl with --out, none on "
                  "standard output)");
  cmd->add_option("--format", a->format, "jsonl or csv (default: csv for a .csv file, else jsonl)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  cmd->add_option("--data", a->data,
                  "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)");
  cmd->callback([a, &exit_code] { exit_code = run_disclose(*a); });
}

}  // namespace trustgate::cli
