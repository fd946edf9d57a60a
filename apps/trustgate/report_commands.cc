#include "report_commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "base/random.h"
#include "base/storage.h"
#include "case_commands.h"
#include "cli_util.h"
#include "init_command.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/demo/history.h"
#include "trustgate/ledger/note.h"
#include "trustgate/ledger/reader.h"
#include "trustgate/report/replay.h"
#include "trustgate/report/report.h"

namespace trustgate::cli {

namespace {

namespace fs = std::filesystem;
constexpr int kExitDiffers = 2;

struct ReportArgs {
  std::string data;
  std::string kind;
  std::string from, to;
  std::string jurisdiction, agency;
  std::string format = "json";
  std::string table;
  std::string out;
  std::string key;
  std::string file;
  std::string with;
  size_t limit = 100;
  bool is_public = false;
  // demo
  uint64_t cases = 0;
  uint64_t seed = 1;
  int year = 2025;
};

base::Result<std::optional<policy::Date>> date_flag(const std::string& flag,
                                                    const std::string& value) {
  if (value.empty()) return std::optional<policy::Date>{};
  auto d = policy::parse_date(value);
  if (!d) return base::invalid_field(flag, d.error().message);
  return std::optional<policy::Date>{*d};
}

// The data directory's ledger and its verifier key (--key, else config.json's).
struct LedgerSource {
  fs::path root;
  cases::DataDirConfig config;
  ledger::NoteKey key;
  // Open (for reading) when the ledger lives in PostgreSQL; a file ledger is
  // read from its folder without opening it.
  std::unique_ptr<cases::DataDir> data;

  ledger::LogSource log() const { return data ? data->log() : ledger::LogSource(root / "ledger"); }
};

base::Result<LedgerSource> ledger_source(const ReportArgs& a) {
  LedgerSource s;
  s.root = data_dir(a.data);
  auto config = cases::read_data_dir_config(s.root);
  if (!config) return config.error();
  s.config = std::move(*config);
  auto key = ledger::NoteKey::from_verifier_key(a.key.empty() ? s.config.verifier_key : a.key);
  if (!key) return base::invalid_field("--key", key.error().message);
  s.key = std::move(*key);
  if (!s.config.store.empty()) {
    auto d = cases::open_data_dir(s.root, cases::Access::Read);
    if (!d) return d.error();
    s.data = std::make_unique<cases::DataDir>(std::move(*d));
  }
  return s;
}

// A progress bar on stderr, drawn only when stderr is a terminal.
std::function<void(uint64_t, uint64_t)> progress_bar(const std::string& label) {
  if (!stderr_is_tty()) return nullptr;
  return [label](uint64_t done, uint64_t total) {
    const int width = 30;
    const int filled = total ? static_cast<int>(width * static_cast<double>(done) / total) : width;
    std::cerr << "\r" << label << " [" << std::string(filled, '#')
              << std::string(width - filled, ' ') << "] " << (total ? 100 * done / total : 100)
              << "%" << (done >= total ? "\n" : "") << std::flush;
  };
}

// The rendering streamed to standard output or to a new file `out` (synced
// with its directory once whole), a chunk at a time.
int write_report(const report::Report& r, const report::RenderOptions& o, const std::string& out) {
  if (out.empty()) {
    auto s = report::render_to(r, o, [](std::string_view chunk) {
      std::cout.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    });
    if (!s) return fail_with_kind("report", s.error());
    std::cout.flush();
    return kExitOk;
  }
  // Created at the first chunk: a report that cannot be rendered leaves no file.
  base::Storage& storage = base::posix_storage();
  std::unique_ptr<base::File> file;
  uint64_t at = 0;
  base::Status written;
  auto s = report::render_to(r, o, [&](std::string_view chunk) {
    if (!file && written) {
      auto f = storage.open(out, base::OpenMode{true, true, true, 0644});
      if (f) file = std::move(*f);
      if (!f) written = f.error();
    }
    if (written) written = file->write_at(at, chunk);
    at += chunk.size();
  });
  if (!s) return fail_with_kind("report", s.error());
  if (written && file) written = file->sync();
  if (written) written = storage.sync_dir(fs::path(out).parent_path());
  if (!written) return fail_with_kind("--out", written.error());
  return kExitOk;
}

int run_report(const ReportArgs& a) {
  report::ReportParameters p;
  p.kind = a.kind;
  auto from = date_flag("--from", a.from);
  auto to = date_flag("--to", a.to);
  if (!from || !to) return fail_with_kind("report", !from ? from.error() : to.error());
  p.from = *from;
  p.to = *to;
  p.jurisdiction = a.jurisdiction;
  p.agency = a.agency;
  p.is_public = a.is_public;
  auto format = report::parse_format(a.format);
  if (!format)
    return fail_with_kind("report", base::invalid_field("--format", "json, csv or html"));
  if (!report::find_kind(a.kind)) {
    return fail_with_kind(
        "report", base::invalid_field("KIND", "unknown report \"" + a.kind +
                                                  "\" (one of: " + report::kind_choices() + ")"));
  }
  auto src = ledger_source(a);
  if (!src) return fail_with_kind("report", src.error());
  auto cp = src->log().latest_checkpoint(src->key);
  if (!cp) return fail_with_kind("report", cp.error());
  report::HistoryOptions options;
  options.progress = progress_bar("reading the ledger");
  auto history = report::read_history(src->log(), cp->checkpoint, options);
  if (!history) return fail_with_kind("report", history.error());
  auto r = report::build_report(*history, p, *cp);
  if (!r) return fail_with_kind("report", r.error());
  return write_report(*r, report::RenderOptions{*format, a.table}, a.out);
}

int run_verify(const ReportArgs& a) {
  auto text = read_file(a.file);
  if (!text) return fail(a.file, text.error());
  auto src = ledger_source(a);
  if (!src) return fail_with_kind("report verify", src.error());
  report::HistoryOptions options;
  options.progress = progress_bar("reading the ledger");
  auto outcome = report::verify_report(*text, src->log(), src->key, options);
  if (!outcome) {
    std::cerr << "trustgate: report verify: FAILED: " << outcome.error().describe() << "\n";
    return outcome.error().kind == base::ErrorKind::Corruption
               ? kExitDiffers
               : exit_code_for(outcome.error().kind);
  }
  const auto& cp = outcome->recomputed.checkpoint.checkpoint;
  if (!outcome->matches) {
    std::cerr << "trustgate: report verify: FAILED: " << outcome->detail << "\n";
    return kExitDiffers;
  }
  std::cout << "ok: " << a.file << " is the " << outcome->recomputed.kind << " report of the first "
            << cp.size << " entries of " << cp.origin << ", recomputed bit for bit; sha256 "
            << outcome->recomputed.sha256 << "\n";
  return kExitOk;
}

int run_replay(const ReportArgs& a) {
  report::ReplayOptions o;
  auto from = date_flag("--from", a.from);
  auto to = date_flag("--to", a.to);
  if (!from || !to) return fail_with_kind("replay", !from ? from.error() : to.error());
  o.from = *from;
  o.to = *to;
  o.jurisdiction = a.jurisdiction;
  o.max_listed = a.limit;
  if (a.format != "text" && a.format != "json") {
    return fail_with_kind("replay", base::invalid_field("--format", "text or json"));
  }
  auto src = ledger_source(a);
  if (!src) return fail_with_kind("replay", src.error());
  const fs::path policies = src->root / src->config.policies;
  std::error_code ec;
  fs::path scratch;
  if (!a.with.empty()) {
    const size_t at = a.with.rfind('@');
    if (!fs::exists(a.with, ec) && at != std::string::npos) {
      // JURISDICTION@DATE: the data directory's law of that date.
      auto lib = policy::Library::open(policies);
      if (!lib) return fail_with_kind("replay", base::Error{lib.error().describe()});
      if (auto s = report::use_law_of_date(*lib, a.with, o); !s) {
        return fail_with_kind("replay", s.error());
      }
    } else {
      auto suffix = base::random_hex(6);
      if (!suffix) return fail_with_kind("replay", suffix.error());
      scratch = fs::temp_directory_path() / ("trustgate-draft-" + *suffix);
      auto lib = report::open_draft_law(policies, a.with, scratch);
      if (!lib) {
        fs::remove_all(scratch, ec);
        return fail_with_kind("replay", lib.error());
      }
      o.with = *lib;
      o.with_name = "the draft " + a.with;
    }
  }
  auto cp = src->log().latest_checkpoint(src->key);
  if (!cp) return fail_with_kind("replay", cp.error());
  // data_dir.h: DATA/law, and the database's when the ledger is there.
  cases::LawArchive files(base::posix_storage(), src->root / "law");
  const cases::LawArchive& archive = src->data ? *src->data->archive : files;
  o.progress = progress_bar("replaying");
  auto result = report::replay(src->log(), *cp, archive, o);
  if (!scratch.empty()) fs::remove_all(scratch, ec);
  if (!result) return fail_with_kind("replay", result.error());
  if (a.format == "json") {
    std::cout << report::replay_to_json(*result).canonical() << "\n";
  } else {
    std::cout << report::replay_to_text(*result);
  }
  std::cerr << result->cases << " cases in " << result->seconds << " s ("
            << static_cast<uint64_t>(result->seconds > 0 ? result->cases / result->seconds : 0)
            << " cases/s)\n";
  return !result->what_if && !result->reproducible() ? kExitDiffers : kExitOk;
}

int run_demo(const ReportArgs& a) {
  auto desk = open_desk(a.data, cases::Access::Write, true);
  if (!desk) return fail_with_kind("demo", desk.error());
  demo::DemoOptions o;
  o.jurisdiction = a.jurisdiction.empty() ? "us-il-chicago" : a.jurisdiction;
  o.cases = a.cases;
  o.seed = a.seed;
  o.year = a.year;
  o.progress = progress_bar("recording");
  auto result = demo::record_demo(*(*desk)->workflow, (*desk)->library, o, cli_actor());
  if (!result) return fail_with_kind("demo", result.error());
  std::cout << "recorded " << result->cases << " demo cases of " << o.jurisdiction << " in "
            << o.year << " (" << result->entries << " ledger entries) in " << result->seconds
            << " s\n";
  return kExitOk;
}

}  // namespace

void add_report_commands(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ReportArgs>();
  const std::string data_help = "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)";
  std::string kinds;
  for (const auto& k : report::report_kinds()) {
    kinds += "\n  " + std::string(k.id) + ": " + std::string(k.title) +
             (k.cite.empty() ? "" : " (" + std::string(k.cite) + ")");
  }
  CLI::App* rep = app.add_subcommand(
      "report",
      "Transparency and statutory reports, computed from the ledger's entries up to its latest "
      "checkpoint (named in the report with the report's SHA-256); `report verify FILE` "
      "recomputes one. Kinds:" +
          kinds + "\nExit 0 done, 1 bad input, 5 damaged ledger, 6 I/O");
  rep->add_option("kind", a->kind, "The report: " + report::kind_choices());
  rep->add_option("--from", a->from, "Requests received on or after this date (YYYY-MM-DD)");
  rep->add_option("--to", a->to, "Requests received on or before this date (YYYY-MM-DD)");
  rep->add_option("--jurisdiction", a->jurisdiction, "Only this jurisdiction's requests");
  rep->add_option("--agency", a->agency, "Only requests received by this agency");
  rep->add_option("--format", a->format, "json (default), csv or html");
  rep->add_option("--table", a->table, "csv: the table to write (default: the kind's main one)");
  rep->add_flag("--public", a->is_public,
                "For publication: no case listed, counts of 1 to 4 shown as <5 with "
                "complementary suppression");
  rep->add_option("--out", a->out, "Write to this file instead of standard output");
  rep->add_option("--data", a->data, data_help);
  rep->callback([a, &exit_code, rep] {
    if (rep->get_subcommands().empty()) {
      if (a->kind.empty()) throw CLI::RequiredError("kind");
      exit_code = run_report(*a);
    }
  });
  CLI::App* verify = rep->add_subcommand(
      "verify",
      "Recompute a report (JSON, CSV or HTML) from the ledger and compare it byte for byte; its "
      "checkpoint must be signed by the ledger's key. Exit 0 matches, 2 differs or its "
      "checkpoint does not match the ledger");
  verify->add_option("file", a->file, "The report file ('-' for stdin)")->required();
  verify->add_option("--key", a->key,
                     "The ledger's verifier key (default: the data directory's config.json)");
  verify->add_option("--data", a->data, data_help);
  verify->callback([a, &exit_code] { exit_code = run_verify(*a); });

  CLI::App* replay = app.add_subcommand(
      "replay",
      "Decide every recorded request again, from the ledger: under the law that decided it "
      "(every outcome must be identical: exit 0, else 2 and each difference listed), or --with "
      "other law (a draft folder, or JURISDICTION@DATE: the data directory's law of that date), "
      "counting and listing the cases that would change");
  replay->add_option("--from", a->from, "Requests received on or after this date");
  replay->add_option("--to", a->to, "Requests received on or before this date");
  replay->add_option("--jurisdiction", a->jurisdiction, "Only this jurisdiction's requests");
  replay->add_option("--with", a->with,
                     "Other law: a policies folder, a pack folder (replaces the pack of its id), "
                     "or JURISDICTION@YYYY-MM-DD");
  replay->add_option("--limit", a->limit, "List at most this many cases (default 100)");
  replay->add_option("--format", a->format, "text (default) or json")->default_str("text");
  replay->add_option("--data", a->data, data_help);
  replay->callback([a, &exit_code, replay] {
    if (replay->count("--format") == 0) a->format = "text";
    exit_code = run_replay(*a);
  });

  CLI::App* demo = app.add_subcommand(
      "demo",
      "Record a plausible year of requests (fictional, deterministic for a seed) in a data "
      "directory made by `init`: mixes of instruments, requesters, actions, sign-offs and "
      "dispositions, at a daily volume scaled from ICE's published detainer counts");
  demo->add_option("--cases", a->cases,
                   "How many requests (default: scaled from the published figures)");
  demo->add_option("--seed", a->seed, "Random seed (default 1)");
  demo->add_option("--jurisdiction", a->jurisdiction, "Jurisdiction (default us-il-chicago)");
  demo->add_option("--year", a->year, "Calendar year of the requests (default 2025)");
  demo->add_option("--data", a->data, data_help);
  demo->callback([a, &exit_code] { exit_code = run_demo(*a); });
}

}  // namespace trustgate::cli
