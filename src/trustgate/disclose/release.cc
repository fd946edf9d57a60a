#include "trustgate/disclose/release.h"

#include <algorithm>
#include <cstring>

#include "base/clock.h"
#include "base/json_string.h"
#include "trustgate/disclose/release_impl.h"

namespace trustgate::disclose {

namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

}  // namespace

Release::Impl::Impl(const ReleasePlan& plan_, const RecordSchemas& schemas_,
                    const policy::Vocabulary& vocab_, const DisclosureRequest& request_,
                    RecordFormat format, ByteSink out_sink, ByteSink log_sink)
    : plan(plan_),
      schemas(schemas_),
      vocab(vocab_),
      request(request_),
      format_(format),
      out_sink_(std::move(out_sink)),
      log_sink_(std::move(log_sink)) {
  tally_.released.assign(plan.classes, 0);
  tally_.withheld.assign(plan.classes, 0);
  rec_released_.assign(plan.classes, 0);
  rec_withheld_.assign(plan.classes, 0);
  out.reserve(kFlushBytes + (kFlushBytes >> 2));
  log_.reserve(kFlushBytes + (kFlushBytes >> 2));
  memo.resize(vocab.release.record_types.values.size());
  if (log_sink_) write_log_header();
}

// The log's first line: the request, the law's version, and the grounds
// the per-record lines refer to by number.
void Release::Impl::write_log_header() {
  common::Json grounds = common::Json::array();
  for (size_t i = 0; i < plan.grounds.size(); ++i) {
    common::Json g = common::Json::object();
    g.set("ground", static_cast<uint64_t>(i));
    if (!plan.grounds[i].rule.empty()) g.set("rule", plan.grounds[i].rule);
    g.set("cite", plan.grounds[i].cite);
    g.set("explain", plan.grounds[i].explain);
    grounds.push(std::move(g));
  }
  common::Json head = common::Json::object();
  head.set("request", request.to_json(vocab));
  head.set("policy_version", plan.policy_version);
  head.set("format", format_ == RecordFormat::Jsonl ? "jsonl" : "csv");
  head.set("grounds", std::move(grounds));
  head.set("fields",
           "[path, class, ground]: a withheld field, its JSON Pointer, its class "
           "(null: not in the record schema) and its ground");
  common::Json line = common::Json::object();
  line.set("redaction_log", std::move(head));
  line.append_canonical(log_);
  log_ += '\n';
}

const RecordSchema* Release::Impl::schema_for(const std::optional<std::string_view>& name) const {
  if (!name) return request.record_type ? schemas.find(*request.record_type) : nullptr;
  return schemas.find(*name);
}

void Release::Impl::begin_record() {
  ++tally_.records;
  record_start_ = out.size();
  rec_log_.clear();
  std::fill(rec_released_.begin(), rec_released_.end(), 0);
  std::fill(rec_withheld_.begin(), rec_withheld_.end(), 0);
  rec_unclassified_ = 0;
  rec_type_released_ = false;
}

void Release::Impl::withheld(std::string_view path_json, uint8_t field_class, uint16_t ground) {
  if (std::string* log = count_withheld(field_class)) {
    append_log_entry(*log, path_json, field_class, ground);
  }
}

void Release::Impl::append_log_entry(std::string& e, std::string_view path_json,
                                     uint8_t field_class, uint16_t ground) const {
  e += "[\"";
  e.append(path_json);
  e += "\",";
  if (field_class == kNoClass) {
    e += "null";
  } else {
    e += '"';
    e += plan_class_name(field_class);
    e += '"';
  }
  e += ',';
  append_uint(e, ground);
  e += ']';
}

std::string_view Release::Impl::plan_class_name(uint8_t field_class) const {
  return vocab.release.field_classes.values[field_class];
}

void Release::Impl::commit_record() {
  uint64_t released_fields = 0;
  for (size_t c = 0; c < plan.classes; ++c) {
    tally_.released[c] += rec_released_[c];
    tally_.withheld[c] += rec_withheld_[c];
    released_fields += rec_released_[c];
  }
  tally_.withheld_unclassified += rec_unclassified_;
  if (!log_sink_ || rec_log_.empty()) return;
  log_ += "{\"record\":";
  append_uint(log_, tally_.records);
  log_ += released_fields > (rec_type_released_ ? 1U : 0U)
              ? ",\"withheld\":\"in part\",\"fields\":["
              : ",\"withheld\":\"in full\",\"fields\":[";
  log_ += rec_log_;
  log_ += "]}\n";
}

void Release::Impl::drop_record(uint16_t ground) {
  out.resize(record_start_);
  ++tally_.records_withheld;
  if (!log_sink_) return;
  log_ += "{\"record\":";
  append_uint(log_, tally_.records);
  log_ += ",\"withheld\":\"in full\",\"ground\":";
  append_uint(log_, ground);
  log_ += "}\n";
}

base::Status Release::Impl::flush() {
  if (!out.empty()) {
    hash_.update(out);
    tally_.bytes += out.size();
    if (auto s = out_sink_(out); !s) return s;
    out.clear();
  }
  if (!log_.empty() && log_sink_) {
    if (auto s = log_sink_(log_); !s) return s;
    log_.clear();
  }
  return base::Status::Ok();
}

base::Status Release::Impl::process(bool eof) {
  size_t pos = 0;
  if (format_ == RecordFormat::Jsonl) {
    while (pos < carry_.size()) {
      const char* start = carry_.data() + pos;
      // Bytes of the carried line already searched (small pieces of a long
      // line are not searched again and again).
      const size_t from = pos == 0 ? std::min(searched_, carry_.size()) : 0;
      const void* nl = std::memchr(start + from, '\n', carry_.size() - pos - from);
      if (nl == nullptr && !eof) {
        searched_ = carry_.size() - pos;
        break;
      }
      searched_ = 0;
      const size_t len =
          nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : carry_.size() - pos;
      jsonl_record(std::string_view(start, len));
      pos += len + (nl ? 1 : 0);
      if (out.size() >= kFlushBytes || log_.size() >= kFlushBytes) {
        if (auto s = flush(); !s) return s;
      }
    }
  } else {
    while (pos < carry_.size()) {
      const size_t used = csv_rows(std::string_view(carry_).substr(pos), eof);
      if (used == 0) break;
      pos += used;
      if (out.size() >= kFlushBytes || log_.size() >= kFlushBytes) {
        if (auto s = flush(); !s) return s;
      }
    }
  }
  carry_.erase(0, pos);
  if (carry_.size() > kMaxRecordBytes) {
    return base::invalid_field(
        "", "a record longer than " + std::to_string(kMaxRecordBytes >> 20) + " MiB");
  }
  return flush();
}

base::Status Release::Impl::feed(std::string_view chunk) {
  if (failed_) return base::invalid_field("", "the release already failed");
  carry_.append(chunk);
  auto s = process(false);
  failed_ = !s.ok();
  return s;
}

base::Result<ReleaseTally> Release::Impl::finish() {
  if (failed_) return base::invalid_field("", "the release already failed");
  if (auto s = process(true); !s) {
    failed_ = true;
    return s.error();
  }
  tally_.sha256 = base::to_hex(hash_.finish());
  return tally_;
}

Release::Release(const ReleasePlan& plan, const RecordSchemas& schemas,
                 const policy::Vocabulary& vocab, const DisclosureRequest& request,
                 RecordFormat format, ByteSink out, ByteSink log)
    : impl_(std::make_unique<Impl>(plan, schemas, vocab, request, format, std::move(out),
                                   std::move(log))) {}

Release::~Release() = default;

base::Status Release::feed(std::string_view chunk) { return impl_->feed(chunk); }

base::Result<ReleaseTally> Release::finish() { return impl_->finish(); }

common::Json ReleaseTally::to_json(const policy::Vocabulary& vocab) const {
  common::Json released_by = common::Json::object(), withheld_by = common::Json::object();
  for (size_t c = 0; c < released.size(); ++c) {
    const std::string& name = vocab.release.field_classes.values[c];
    if (released[c]) released_by.set(name, released[c]);
    if (withheld[c]) withheld_by.set(name, withheld[c]);
  }
  if (withheld_unclassified) withheld_by.set("not_in_schema", withheld_unclassified);
  common::Json j = common::Json::object();
  j.set("records", records);
  j.set("records_withheld", records_withheld);
  j.set("released", std::move(released_by));
  j.set("withheld", std::move(withheld_by));
  j.set("bytes", bytes);
  j.set("sha256", sha256);
  return j;
}

common::Json disclosed_event(const DisclosureRequest& request, const ReleasePlan& plan,
                             const ReleaseTally& tally, RecordFormat format,
                             const policy::Vocabulary& vocab, const std::string& actor_id,
                             const std::string& actor_role, std::string_view channel) {
  common::Json e = common::Json::object();
  e.set("event", "disclosed");
  e.set("at", base::now_utc_rfc3339());
  common::Json actor = common::Json::object();
  actor.set("id", actor_id);
  actor.set("role", actor_role);
  e.set("actor", std::move(actor));
  e.set("recipient", vocab.release.recipients.values[request.recipient]);
  e.set("request", request.to_json(vocab));
  e.set("policy_version", plan.policy_version);
  e.set("format", format == RecordFormat::Jsonl ? "jsonl" : "csv");
  e.set("channel", std::string(channel));
  e.set("release", tally.to_json(vocab));
  return e;
}

}  // namespace trustgate::disclose
