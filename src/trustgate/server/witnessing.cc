#include "trustgate/server/witnessing.h"

#include <iostream>

#include "base/storage.h"
#include "trustgate/common/json.h"
#include "trustgate/server/http_client.h"

namespace trustgate::server {

namespace {

namespace fs = std::filesystem;
using common::Json;

constexpr auto kPollEvery = std::chrono::milliseconds(250);
constexpr std::chrono::seconds kMaxBackoff{60};

}  // namespace

base::Result<std::vector<WitnessConfig>> read_witnesses(const fs::path& data) {
  auto text = base::read_file(data / "witnesses.json");
  if (!text) {
    if (text.error().kind == base::ErrorKind::NotFound) return std::vector<WitnessConfig>{};
    return text.error();
  }
  auto json = common::parse_json(*text);
  if (!json) return base::corruption("witnesses.json: " + json.error().describe());
  std::vector<WitnessConfig> out;
  const Json* list = json->find("witnesses");
  for (const Json& w : list && list->is_array() ? list->as_array() : Json::Array{}) {
    auto key = ledger::CosignerKey::from_verifier_key(w.string_or_empty("verifier_key"));
    if (!key) return base::corruption("witnesses.json: " + key.error().message);
    std::string url(w.string_or_empty("url"));
    while (!url.empty() && url.back() == '/') url.pop_back();
    out.push_back(WitnessConfig{url, *key});
  }
  return out;
}

base::Status add_witness(const fs::path& data, const std::string& url,
                         const std::string& verifier_key) {
  auto key = ledger::CosignerKey::from_verifier_key(verifier_key);
  if (!key) return base::invalid_field("--key", key.error().message);
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return base::invalid_field("--url", "must start with http:// or https://");
  }
  Json cfg = Json::object();
  cfg.set("witnesses", Json::array());
  if (auto text = base::read_file(data / "witnesses.json"); text) {
    auto parsed = common::parse_json(*text);
    if (!parsed) return base::corruption("witnesses.json: " + parsed.error().describe());
    cfg = *parsed;
  }
  Json& list = cfg.as_object()["witnesses"];
  for (const Json& w : list.as_array()) {
    if (w.string_or_empty("verifier_key") == key->verifier_key()) {
      return base::conflict("the ledger has the witness " + key->name() + " already");
    }
  }
  Json w = Json::object();
  w.set("url", url);
  w.set("verifier_key", key->verifier_key());
  list.push(std::move(w));
  return base::replace_file(base::posix_storage(), data / "witnesses.json", cfg.canonical() + "\n",
                            0600);
}

Witnessing::Witnessing(const ledger::Ledger& ledger, ledger::CosignatureLog& cosignatures,
                       std::vector<WitnessConfig> witnesses, Metrics& metrics)
    : ledger_(ledger), cosignatures_(cosignatures) {
  for (auto& c : witnesses) {
    auto s = std::make_unique<State>();
    s->config = std::move(c);
    s->cosigned = cosignatures_.latest(s->config.key.name());
    witnesses_.push_back(std::move(s));
  }
  metrics.add_gauges([this] {
    Metrics::Gauge lag{"trustgate_witness_lag_entries",
                       "Entries the ledger holds beyond the last checkpoint each witness cosigned.",
                       {}};
    Metrics::Gauge alarms{"trustgate_witness_alarms_total",
                          "Times a witness reported a tree larger than the ledger's.",
                          {}};
    const uint64_t size = ledger_.size();
    for (const auto& w : witnesses_) {
      const std::string label = "witness=\"" + w->config.key.name() + "\"";
      const uint64_t cosigned = w->cosigned;
      lag.values.emplace_back(label, static_cast<double>(size > cosigned ? size - cosigned : 0));
      alarms.values.emplace_back(label, static_cast<double>(w->alarms.load()));
    }
    return std::vector<Metrics::Gauge>{lag, alarms};
  });
  if (!witnesses_.empty()) thread_ = std::thread([this] { run(); });
}

Witnessing::~Witnessing() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Witnessing::poke() {
  {
    std::lock_guard lk(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

void Witnessing::run() {
  std::unique_lock lk(mu_);
  while (!stop_) {
    cv_.wait_for(lk, kPollEvery, [this] { return stop_ || poked_; });
    poked_ = false;
    if (stop_) break;
    const ledger::SignedCheckpoint cp = ledger_.checkpoint();
    for (auto& w : witnesses_) {
      if (w->cosigned >= cp.checkpoint.size) continue;
      if (std::chrono::steady_clock::now() < w->retry_at) continue;
      lk.unlock();
      submit(*w, cp);
      lk.lock();
    }
  }
}

// One add-checkpoint exchange (two when the witness corrects our idea of
// its size). Runs on the witnessing thread; the metrics read w's atomics.
void Witnessing::submit(State& w, const ledger::SignedCheckpoint& cp) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto proof = ledger_.consistency_proof(w.cosigned, cp.checkpoint.size);
    if (!proof) return;
    std::string body = "old " + std::to_string(w.cosigned) + "\n";
    for (const ledger::Hash& h : *proof) body += ledger::hash_base64(h) + "\n";
    body += "\n" + cp.note.to_string();
    auto r =
        http_call("POST", w.config.url + "/add-checkpoint", body, {{"Content-Type", "text/plain"}});
    if (r && r->status == 200) {
      auto note = ledger::parse_note(cp.checkpoint.text() + "\n" + r->body);
      if (note) {
        for (const ledger::NoteSignature& s : note->signatures) {
          if (!w.config.key.cosigned_at(cp.checkpoint.text(), {s})) continue;
          if (auto st = cosignatures_.add(cp.checkpoint, w.config.key.name(), s); !st) {
            std::cerr << "trustgate: cannot keep a cosignature: " << st.error().message << "\n";
            return;
          }
          w.cosigned = cp.checkpoint.size;
          w.backoff = std::chrono::seconds(1);
          return;
        }
      }
      std::cerr << "trustgate: witness " << w.config.key.name()
                << " answered without a valid cosignature\n";
    } else if (r && r->status == 409) {
      uint64_t theirs = std::strtoull(r->body.c_str(), nullptr, 10);
      if (theirs > cp.checkpoint.size) {
        ++w.alarms;
        std::cerr << "trustgate: ALARM: witness " << w.config.key.name() << " has cosigned "
                  << theirs << " entries of this log, more than the ledger's " << cp.checkpoint.size
                  << ": it saw another history\n";
        break;
      }
      w.cosigned = theirs;
      continue;  // try again from their size
    } else {
      std::cerr << "trustgate: witness " << w.config.key.name() << ": "
                << (r ? "HTTP " + std::to_string(r->status) + ": " + r->body : r.error().message)
                << "\n";
    }
    break;
  }
  w.retry_at = std::chrono::steady_clock::now() + w.backoff;
  w.backoff = std::min(kMaxBackoff, w.backoff * 2);
}

}  // namespace trustgate::server
