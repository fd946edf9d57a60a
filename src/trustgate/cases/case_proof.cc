#include "trustgate/cases/case_proof.h"

#include "trustgate/ledger/proof_json.h"

namespace trustgate::cases {

base::Result<common::Json> case_proof(const ledger::Ledger& ledger, const Case& c,
                                      const std::string& verifier_key) {
  using common::Json;
  const ledger::SignedCheckpoint cp = ledger.checkpoint();
  Json proofs = Json::array();
  for (const CaseEvent& event : c.events) {
    auto p = ledger::inclusion_json(ledger, event.seq, cp.checkpoint.size);
    if (!p) return p.error();
    proofs.push(std::move(*p));
  }
  Json out = Json::object();
  out.set("case", c.id);
  out.set("checkpoint", cp.note.to_string());
  out.set("verifier_key", verifier_key);
  out.set("proofs", std::move(proofs));
  return out;
}

}  // namespace trustgate::cases
