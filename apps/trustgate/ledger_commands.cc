#include "ledger_commands.h"

#include <cstdlib>
#include <iostream>
#include <memory>

#include "base/clock.h"
#include "cli_util.h"
#include "init_command.h"
#include "trustgate/cases/case_proof.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/store_check.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/audit.h"
#include "trustgate/ledger/proof_json.h"
#include "trustgate/ledger/verify.h"
#include "trustgate/server/http_client.h"
#include "trustgate/server/witnessing.h"

namespace trustgate::cli {

namespace {

constexpr int kExitInvalid = 2;

struct LedgerArgs {
  std::string data;
  std::vector<std::string> witnesses;
  size_t quorum = 0;
  std::string url;
  std::string state;
  uint64_t from = 0;
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  std::string against;
  std::string key;
  std::string case_id;
  bool all_signatures = false;
  bool no_store = false;
};

int run_head(const LedgerArgs& a) {
  auto d = cases::open_data_dir(data_dir(a.data), cases::Access::Read);
  if (!d) return fail_with_kind("ledger head", d.error());
  std::cout << d->ledger->checkpoint().note.to_string();
  return kExitOk;
}

// The verifier key: --key, else the data directory's config.
base::Result<ledger::NoteKey> verifier(const LedgerArgs& a, const std::string& dir) {
  if (!a.key.empty()) return ledger::NoteKey::from_verifier_key(a.key);
  auto config = cases::read_data_dir_config(dir);
  if (!config) return config.error();
  return ledger::NoteKey::from_verifier_key(config->verifier_key);
}

int invalid(const base::Error& e) {
  std::cerr << "trustgate: ledger verify: FAILED: " << e.describe() << "\n";
  return e.kind == base::ErrorKind::Corruption ? kExitInvalid : exit_code_for(e.kind);
}

int run_verify(const LedgerArgs& a) {
  const std::string dir = data_dir(a.data);
  auto key = verifier(a, dir);
  if (!key) return fail_with_kind("ledger verify", key.error());
  ledger::VerifyOptions options;
  options.key = *key;
  options.all_signatures = a.all_signatures;
  options.quorum = a.quorum;
  for (const std::string& w : a.witnesses) {
    auto wk = ledger::CosignerKey::from_verifier_key(w);
    if (!wk)
      return fail_with_kind("ledger verify", base::invalid_field("--witness", wk.error().message));
    options.witnesses.push_back(*wk);
  }
  if (!a.against.empty()) {
    auto text = read_file(a.against);
    if (!text) return fail("--against", text.error());
    auto cp = ledger::open_checkpoint(*text, *key);
    if (!cp) return invalid(base::corruption(a.against + ": " + cp.error().message));
    options.against = std::move(*cp);
  }
  auto report = cases::verify_data_dir_ledger(dir, options);
  if (!report) return invalid(report.error());
  std::cout << "ok: " << report->entries << " entries, " << report->checkpoints
            << " checkpoints; root " << ledger::hash_base64(report->checkpoint.checkpoint.root)
            << "\n";
  if (options.against) {
    std::cout << "consistent with the older checkpoint of size " << options.against->checkpoint.size
              << "\n";
  }
  if (!options.witnesses.empty()) {
    std::cout << "witnessed: the checkpoint of size " << report->witnessed_size
              << " is cosigned by";
    for (const std::string& w : report->witnessed_by) std::cout << " " << w;
    std::cout << "\n";
  }
  if (report->in_flight_bytes) {
    std::cout << "note: " << report->in_flight_bytes
              << " bytes after the last checkpoint belong to a commit in flight (a writer holds "
                 "the ledger)\n";
  }
  if (a.no_store) return kExitOk;
  auto d = cases::open_data_dir(dir, cases::Access::Read);
  if (!d) return fail_with_kind("ledger verify", d.error());
  auto store = cases::check_store(*d->store, *d->ledger);
  if (!store) return invalid(store.error());
  std::cout << "case store: " << store->cases << " cases and " << store->entries
            << " entries match the ledger";
  if (store->lag) std::cout << " (" << store->lag << " entries not applied yet)";
  std::cout << "\n";
  return kExitOk;
}

int run_prove(const LedgerArgs& a) {
  auto d = cases::open_data_dir(data_dir(a.data), cases::Access::Read);
  if (!d) return fail_with_kind("ledger prove", d.error());
  auto found = d->store->find(a.case_id);
  if (!found) return fail_with_kind("ledger prove", found.error());
  if (!*found) return fail_with_kind("ledger prove", base::not_found("no case " + a.case_id));
  auto proof = cases::case_proof(*d->ledger, **found, d->config.verifier_key);
  if (!proof) return fail_with_kind("ledger prove", proof.error());
  std::cout << proof->canonical() << "\n";
  return kExitOk;
}

int run_consistency(const LedgerArgs& a) {
  auto d = cases::open_data_dir(data_dir(a.data), cases::Access::Read);
  if (!d) return fail_with_kind("ledger consistency", d.error());
  const ledger::SignedCheckpoint cp = d->ledger->checkpoint();
  auto out = ledger::consistency_json(*d->ledger, a.old_size,
                                      a.new_size ? a.new_size : cp.checkpoint.size);
  if (!out) return fail_with_kind("ledger consistency", out.error());
  out->set("checkpoint", cp.note.to_string());
  std::cout << out->canonical() << "\n";
  return kExitOk;
}

// The auditor's memory: the checkpoint seen last of a log.
std::filesystem::path audit_state(const LedgerArgs& a, const std::string& origin) {
  if (!a.state.empty()) return a.state;
  const char* home = std::getenv("HOME");
  std::filesystem::path dir = std::filesystem::path(home ? home : ".") / ".trustgate" / "audit";
  std::string name = origin;
  for (char& c : name) {
    if (c == '/' || c == ':') c = '_';
  }
  return dir / (name + ".checkpoint");
}

int run_audit(const LedgerArgs& a) {
  auto key = ledger::NoteKey::from_verifier_key(a.key);
  if (!key)
    return fail_with_kind("ledger audit", base::invalid_field("--key", key.error().message));
  std::string prefix = a.url;
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  ledger::AuditOptions o;
  o.key = *key;
  o.from = a.from;
  for (const std::string& w : a.witnesses) {
    auto wk = ledger::CosignerKey::from_verifier_key(w);
    if (!wk)
      return fail_with_kind("ledger audit", base::invalid_field("--witness", wk.error().message));
    o.witnesses.push_back(*wk);
  }
  const std::filesystem::path state = audit_state(a, key->name());
  if (auto text = base::read_file(state); text) {
    auto last = ledger::open_checkpoint(*text, *key);
    if (!last)
      return fail_with_kind("ledger audit",
                            base::corruption(state.string() + ": " + last.error().message));
    o.last = std::move(*last);
  }
  const bool tty = stderr_is_tty();
  if (tty) {
    o.progress = [](uint64_t done, uint64_t total) {
      if (done % (256 * 64) == 0 || done == total) {
        std::cerr << "\r" << done << "/" << total << " entries" << std::flush;
      }
    };
  }
  ledger::Fetch fetch = [&](const std::string& path) -> base::Result<std::string> {
    auto r = server::http_call("GET", prefix + "/" + path);
    if (!r) return r.error();
    if (r->status != 200) {
      return base::io_error("GET " + prefix + "/" + path + ": HTTP " + std::to_string(r->status));
    }
    return std::move(r->body);
  };
  auto report = ledger::audit_log(fetch, o);
  if (tty) std::cerr << "\n";
  if (!report) {
    std::cerr << "trustgate: ledger audit: FAILED: " << report.error().message << "\n";
    return report.error().kind == base::ErrorKind::Corruption ? kExitInvalid
                                                              : exit_code_for(report.error().kind);
  }
  std::error_code ec;
  std::filesystem::create_directories(state.parent_path(), ec);
  if (auto s = base::replace_file(base::posix_storage(), state, report->checkpoint.note.to_string(),
                                  0600);
      !s) {
    return fail_with_kind("ledger audit", s.error());
  }
  std::cout << "ok: " << report->checkpoint.checkpoint.size << " entries ("
            << report->entries_checked << " checked, " << report->tiles_checked << " tiles)";
  if (o.last) std::cout << "; consistent with the size " << o.last->checkpoint.size << " seen last";
  std::cout << "\n";
  if (!o.witnesses.empty()) {
    std::cout << "cosigned by " << report->cosigned_by.size() << " of " << o.witnesses.size()
              << " witnesses";
    for (const std::string& w : report->cosigned_by) std::cout << " " << w;
    std::cout << "\n";
    if (a.quorum && report->cosigned_by.size() < a.quorum) return kExitInvalid;
  }
  return kExitOk;
}

int run_rebuild(const LedgerArgs& a) {
  const std::filesystem::path dir = data_dir(a.data);
  auto d = cases::open_data_dir(dir, cases::Access::Write);
  if (!d) return fail_with_kind("store rebuild", d.error());
  if (!d->config.store.empty()) {
    return fail_with_kind("store rebuild",
                          base::Error{"the case store is in PostgreSQL, where it commits with "
                                      "the ledger and is never behind it; nothing to rebuild"});
  }
  d->store.reset();
  // The old store is set aside, not deleted: it may be evidence.
  const std::filesystem::path db = dir / "cases.db";
  const std::string aside = "cases.db.replaced-" + base::now_utc_rfc3339();
  std::error_code ec;
  std::filesystem::rename(db, dir / aside, ec);
  if (ec)
    return fail_with_kind("store rebuild",
                          base::io_error("cannot move " + db.string() + ": " + ec.message()));
  for (const char* suffix : {"-wal", "-shm"}) {
    std::filesystem::rename(dir / ("cases.db" + std::string(suffix)), dir / (aside + suffix), ec);
  }
  auto store = cases::open_sqlite_case_store(db, true, false);
  if (!store) return fail_with_kind("store rebuild", store.error());
  cases::CaseWorkflow workflow(**store, *d->ledger, nullptr, nullptr);
  if (auto s = workflow.open(); !s) return fail_with_kind("store rebuild", s.error());
  auto count = (*store)->case_count();
  std::cout << "rebuilt " << db.string() << " from " << d->ledger->size()
            << " ledger entries: " << (count ? *count : 0) << " cases; the old store is " << aside
            << "\n";
  return kExitOk;
}

}  // namespace

void add_ledger_commands(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand(
      "ledger",
      "The tamper-evident ledger: head, verify, prove, consistency, audit, witness. Reads only: "
      "works while "
      "another "
      "process writes. Exit 0 ok, 2 invalid, 3 not found, 6 I/O, 1 other errors");
  group->require_subcommand(1);
  auto a = std::make_shared<LedgerArgs>();
  const std::string data_help = "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)";

  CLI::App* head = group->add_subcommand(
      "head", "Print the latest checkpoint (a C2SP signed note: origin, size, root, signature)");
  head->add_option("--data", a->data, data_help);
  head->callback([a, &exit_code] { exit_code = run_head(*a); });

  CLI::App* verify = group->add_subcommand(
      "verify",
      "Recompute every hash, check the checkpoints' signatures, and check the case store "
      "against the log; exit 0 valid, 2 invalid (the message names the first bad entry, "
      "checkpoint or case)");
  verify->add_option("--data", a->data, data_help);
  verify->add_option("--key", a->key,
                     "The ledger's verifier key (<name>+<id>+<key>), as `init` printed it "
                     "(default: the data directory's config.json)");
  verify->add_option("--against", a->against,
                     "An older checkpoint (file) the log must be consistent with");
  verify->add_flag("--all-signatures", a->all_signatures,
                   "Check every checkpoint's signature, not only the last one");
  verify->add_flag("--no-store", a->no_store, "Check the ledger only, not the case store");
  verify->add_option("--witness", a->witnesses,
                     "A witness's cosignature verifier key (repeat): some checkpoint must be "
                     "cosigned by them (by --quorum of them)");
  verify->add_option("--quorum", a->quorum,
                     "How many of the --witness keys must cosign (default all)");
  verify->callback([a, &exit_code] { exit_code = run_verify(*a); });

  CLI::App* prove = group->add_subcommand(
      "prove",
      "Print inclusion proofs (RFC 9162) of a case's entries against the latest checkpoint, as "
      "JSON; check them offline with tools/verify_ledger.py --proof");
  prove->add_option("case", a->case_id, "Case id, e.g. C-000002")->required();
  prove->add_option("--data", a->data, data_help);
  prove->callback([a, &exit_code] { exit_code = run_prove(*a); });

  CLI::App* consistency = group->add_subcommand(
      "consistency",
      "Print the consistency proof (RFC 9162) that the tree of NEW_SIZE entries (default: the "
      "latest checkpoint's) extends the tree of OLD_SIZE entries, as JSON");
  consistency->add_option("old_size", a->old_size, "The older tree's size")->required();
  consistency->add_option("--to", a->new_size, "The newer tree's size (default: the latest)");
  consistency->add_option("--data", a->data, data_help);
  consistency->callback([a, &exit_code] { exit_code = run_consistency(*a); });

  CLI::App* audit = group->add_subcommand(
      "audit",
      "An auditor's check of a log served over C2SP tlog-tiles: the checkpoint's signature, "
      "every entry and tile, the root, and consistency with the checkpoint seen last (kept in "
      "~/.trustgate/audit/ or --state); exit 0 ok, 2 the log does not check out");
  audit->add_option("url", a->url, "The log's prefix, e.g. http://127.0.0.1:8080")->required();
  audit->add_option("--key", a->key, "The log's verifier key")->required();
  audit->add_option("--state", a->state, "File keeping the checkpoint seen last");
  audit->add_option("--from", a->from, "Check entries from this index on (tiles before it)");
  audit->add_option("--witness", a->witnesses, "A witness's verifier key (repeat)");
  audit->add_option("--quorum", a->quorum, "Fail unless this many --witness keys cosigned");
  audit->callback([a, &exit_code] { exit_code = run_audit(*a); });

  CLI::App* witness = group->add_subcommand(
      "witness", "The witnesses `trustgate serve` shows each new checkpoint to");
  witness->require_subcommand(1);
  CLI::App* wadd = witness->add_subcommand("add", "Add a witness (DATA/witnesses.json)");
  wadd->add_option("--url", a->url, "Its submission prefix, e.g. http://witness.example:7380")
      ->required();
  wadd->add_option("--key", a->key, "Its cosignature verifier key")->required();
  wadd->add_option("--data", a->data, data_help);
  wadd->callback([a, &exit_code] {
    if (auto s = server::add_witness(data_dir(a->data), a->url, a->key); !s) {
      return void(exit_code = fail_with_kind("ledger witness add", s.error()));
    }
    std::cout << "added " << a->key.substr(0, a->key.find('+'))
              << " (takes effect when `trustgate serve` starts)\n";
    exit_code = kExitOk;
  });

  CLI::App* store = app.add_subcommand(
      "store", "The case store, a projection of the ledger: rebuild. Exit 0 done, 7 busy");
  store->require_subcommand(1);
  CLI::App* rebuild = store->add_subcommand(
      "rebuild",
      "Recreate the case store from the ledger (the old one is kept beside it, renamed)");
  rebuild->add_option("--data", a->data, data_help);
  rebuild->callback([a, &exit_code] { exit_code = run_rebuild(*a); });
}

}  // namespace trustgate::cli
