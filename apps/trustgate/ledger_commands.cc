#include "ledger_commands.h"

#include <iostream>
#include <memory>

#include "cli_util.h"
#include "init_command.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/verify.h"

namespace trustgate::cli {

namespace {

constexpr int kExitInvalid = 2;

struct LedgerArgs {
  std::string data;
  std::string against;
  std::string pubkey;
  std::string case_id;
  bool all_signatures = false;
};

int run_head(const LedgerArgs& a) {
  auto d = cases::open_data_dir(data_dir(a.data), true, false);
  if (!d) return fail("ledger head", d.error());
  std::cout << d->ledger->head().to_text();
  return kExitOk;
}

int run_verify(const LedgerArgs& a) {
  const std::filesystem::path dir = data_dir(a.data);
  const std::string pub_path = a.pubkey.empty() ? (dir / "keys" / "ledger.pub").string() : a.pubkey;
  auto pem = read_file(pub_path);
  if (!pem) return fail("--pubkey", pem.error());
  auto key = common::Ed25519Key::from_public_pem(*pem);
  if (!key) return fail(pub_path, key.error());
  ledger::VerifyOptions options{*key, std::nullopt, a.all_signatures};
  if (!a.against.empty()) {
    auto text = read_file(a.against);
    if (!text) return fail("--against", text.error());
    auto head = ledger::parse_tree_head(*text);
    if (!head) return fail(a.against, head.error());
    options.against = *head;
  }
  auto report = ledger::verify_ledger(dir / "ledger", options);
  if (!report) {
    std::cerr << "trustgate: ledger verify: FAILED: " << report.error().message << "\n";
    return kExitInvalid;
  }
  std::cout << "ok: " << report->entries << " entries, " << report->heads
            << " signed tree heads; root " << ledger::hash_base64(report->head.root) << "\n";
  if (options.against) {
    std::cout << "consistent with the older tree head of size " << options.against->size << "\n";
  }
  if (report->unsigned_entries || report->torn_tail) {
    std::cout << "note: " << report->unsigned_entries << " complete entries after the last head"
              << (report->torn_tail ? " and a torn final line" : "")
              << " (left by a crash; the next write to the ledger signs or removes them)\n";
  }
  return kExitOk;
}

int run_prove(const LedgerArgs& a) {
  auto d = cases::open_data_dir(data_dir(a.data), true, true);
  if (!d) return fail("ledger prove", d.error());
  auto found = d->store->find(a.case_id);
  if (!found) return fail("ledger prove", found.error());
  if (!*found) return fail("ledger prove", cedar::Error{"no case " + a.case_id});
  const ledger::SignedTreeHead head = d->ledger->head();
  common::Json proofs = common::Json::array();
  for (const auto& event : (*found)->events) {
    auto entry = d->ledger->entry(event.seq);
    auto path = d->ledger->inclusion_proof(event.seq, head.size);
    if (!entry || !path)
      return fail("ledger prove",
                  cedar::Error{"entry " + std::to_string(event.seq) + " is not in the ledger"});
    common::Json p = common::Json::object();
    p.set("seq", event.seq);
    p.set("entry", *entry);
    p.set("leaf_hash", ledger::hash_base64(ledger::leaf_hash(*entry)));
    common::Json hashes = common::Json::array();
    for (const auto& h : *path) hashes.push(ledger::hash_base64(h));
    p.set("audit_path", std::move(hashes));
    proofs.push(std::move(p));
  }
  common::Json out = common::Json::object();
  out.set("case", a.case_id);
  out.set("tree_head", head.to_text());
  out.set("proofs", std::move(proofs));
  std::cout << out.canonical() << "\n";
  return kExitOk;
}

}  // namespace

void add_ledger_commands(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand(
      "ledger", "The tamper-evident ledger: head, verify, prove. Exit 0 ok, 1 error, 2 invalid");
  group->require_subcommand(1);
  auto a = std::make_shared<LedgerArgs>();
  const std::string data_help = "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)";

  CLI::App* head = group->add_subcommand("head", "Print the latest signed tree head (text form)");
  head->add_option("--data", a->data, data_help);
  head->callback([a, &exit_code] { exit_code = run_head(*a); });

  CLI::App* verify = group->add_subcommand(
      "verify",
      "Recompute every hash and check the signatures; exit 0 valid, 2 invalid (the message "
      "names the first bad entry or head), 1 error");
  verify->add_option("--data", a->data, data_help);
  verify->add_option("--against", a->against,
                     "An older signed tree head (file) the log must be consistent with");
  verify->add_option("--pubkey", a->pubkey, "Public key PEM (default: DATA/keys/ledger.pub)");
  verify->add_flag("--all-signatures", a->all_signatures,
                   "Check every tree head's signature, not only the last one");
  verify->callback([a, &exit_code] { exit_code = run_verify(*a); });

  CLI::App* prove = group->add_subcommand(
      "prove",
      "Print inclusion proofs (RFC 9162) of a case's events against the current signed tree "
      "head, as JSON; check offline with tools/verify_ledger.py --proof");
  prove->add_option("case", a->case_id, "Case id, e.g. C-000001")->required();
  prove->add_option("--data", a->data, data_help);
  prove->callback([a, &exit_code] { exit_code = run_prove(*a); });
}

}  // namespace trustgate::cli
