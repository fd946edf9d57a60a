#include "trustgate/policy/vocabulary.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <utility>

namespace trustgate::policy {

namespace {

constexpr std::string_view kRefusePrefix = "refuse_";
constexpr std::string_view kDiscloseAction = "disclose";

cedar::Result<Terms> enum_terms(const cedar::Schema& schema, const std::string& type,
                                std::string field) {
  const cedar::EntityTypeDef* def = schema.entity_type(type);
  if (def == nullptr || !def->enum_ids || def->enum_ids->empty()) {
    return cedar::Error{"schema: needs an enumerated entity type `" + type + "` (for " + field +
                        ")"};
  }
  Terms t;
  t.field = std::move(field);
  t.entity_type = type;
  t.values = *def->enum_ids;
  if (t.values.size() > 255) return cedar::Error{"schema: too many values in " + type};
  for (const std::string& v : t.values) {
    t.cedar_values.push_back(cedar::Value::entity(cedar::EntityUid{type, v}));
  }
  return t;
}

// The record type of attribute `name` inside `record`, or null.
const cedar::SchemaType* record_attr(const cedar::SchemaType* record, const std::string& name) {
  if (record == nullptr || record->kind != cedar::SchemaType::Kind::Record) return nullptr;
  auto it = record->attributes.find(name);
  return it == record->attributes.end() ? nullptr : it->second.type.get();
}

cedar::Status read_actions(const cedar::Schema& schema, Vocabulary& v) {
  std::map<std::string, cedar::EntityUid> refusals;
  for (const auto& [uid, def] : schema.actions) {
    if (uid.id.starts_with(kRefusePrefix))
      refusals.emplace(uid.id.substr(kRefusePrefix.size()), uid);
  }
  for (const auto& [uid, def] : schema.actions) {
    if (uid.id.starts_with(kRefusePrefix)) continue;
    if (uid.id == kDiscloseAction) {
      v.release.present = true;
      v.release.disclose_uid = uid;
      continue;
    }
    auto r = refusals.find(uid.id);
    if (r == refusals.end()) {
      return cedar::Error{"schema: action `" + uid.id + "` has no refusal `refuse_" + uid.id + "`"};
    }
    v.actions.push_back(uid.id);
    v.do_uids.push_back(uid);
    v.refuse_uids.push_back(r->second);
    refusals.erase(r);
  }
  if (!refusals.empty()) {
    return cedar::Error{"schema: refusal `refuse_" + refusals.begin()->first +
                        "` has no action to refuse"};
  }
  if (v.actions.empty() || v.actions.size() > 255) {
    return cedar::Error{"schema: needs between 1 and 255 actions"};
  }
  return cedar::Status::Ok();
}

// The context's members this build fills, and the entity type of each
// enumerated one; `later`: added after the first schema (an archived law
// may lack it).
struct ContextMember {
  std::string_view name, entity_type;
  bool later;
};
constexpr ContextMember kContextMembers[] = {
    {"agency_kind", "AgencyKind", true}, {"facts", "", false},
    {"instrument", "Instrument", false}, {"interview_mode", "InterviewMode", true},
    {"purpose", "Purpose", false},       {"requester", "Requester", false},
    {"signed_by", "Signer", false},      {"subject", "", false},
};
constexpr ContextMember kSubjectMembers[] = {{"convictions", "", true}, {"in_custody", "", false}};

// Refuses a record member this build does not fill, and (kCurrent) a
// missing one.
template <size_t N>
cedar::Status check_members(const cedar::SchemaType& record, const ContextMember (&known)[N],
                            const std::string& where, SchemaForm form) {
  for (const auto& member : record.attributes) {
    const std::string& name =
        member.first;  // a lambda may not capture a structured binding in clang 14
    const bool ours = std::any_of(std::begin(known), std::end(known),
                                  [&](const ContextMember& m) { return m.name == name; });
    if (!ours) {
      return cedar::Error{"schema: the action context declares `" + where + name +
                          "`, which this build cannot fill (a schema of a later build?)"};
    }
  }
  for (const ContextMember& m : known) {
    if (record.attributes.count(std::string(m.name))) continue;
    if (!m.later || form == SchemaForm::kCurrent) {
      return cedar::Error{"schema: the action context needs `" + where + std::string(m.name) + "`"};
    }
  }
  return cedar::Status::Ok();
}

cedar::Status read_facts(const cedar::Schema& schema, Vocabulary& v, SchemaForm form) {
  const cedar::ActionDef* def = schema.action(v.do_uids.front());
  const cedar::SchemaType* ctx = def ? def->context.get() : nullptr;
  if (ctx == nullptr || ctx->kind != cedar::SchemaType::Kind::Record) {
    return cedar::Error{"schema: the actions need a record context"};
  }
  if (auto s = check_members(*ctx, kContextMembers, "", form); !s) return s;
  const cedar::SchemaType* facts = record_attr(ctx, "facts");
  const cedar::SchemaType* subject = record_attr(ctx, "subject");
  if (facts == nullptr || facts->kind != cedar::SchemaType::Kind::Record) {
    return cedar::Error{"schema: the action context needs a record attribute `facts`"};
  }
  if (subject == nullptr || subject->kind != cedar::SchemaType::Kind::Record) {
    return cedar::Error{"schema: the action context needs a record attribute `subject`"};
  }
  if (auto s = check_members(*subject, kSubjectMembers, "subject.", form); !s) return s;
  const cedar::SchemaType* custody = record_attr(subject, "in_custody");
  if (custody == nullptr || custody->kind != cedar::SchemaType::Kind::Bool) {
    return cedar::Error{"schema: the action context needs `subject.in_custody: Bool`"};
  }
  for (const auto& [name, attr] : facts->attributes) {
    if (attr.type->kind != cedar::SchemaType::Kind::Bool) {
      return cedar::Error{"schema: fact `" + name + "` must be a Bool"};
    }
    v.facts.push_back(name);
  }
  if (v.facts.size() > 31) return cedar::Error{"schema: at most 31 facts"};
  const cedar::SchemaType* convictions = record_attr(subject, "convictions");
  if (convictions == nullptr) return cedar::Status::Ok();  // an archived schema before them
  if (convictions->kind != cedar::SchemaType::Kind::Record) {
    return cedar::Error{"schema: the action context needs a record `subject.convictions`"};
  }
  if (!v.conviction_ages.declared()) {
    return cedar::Error{
        "schema: needs an enumerated entity type `ConvictionAge` (for "
        "subject.convictions)"};
  }
  v.convictions_declared = true;
  for (const auto& [name, attr] : convictions->attributes) {
    if (attr.type->kind != cedar::SchemaType::Kind::Entity || attr.type->name != "ConvictionAge") {
      return cedar::Error{"schema: conviction class `" + name + "` must be a ConvictionAge"};
    }
    v.conviction_classes.push_back(name);
  }
  if (v.conviction_classes.size() > kMaxConvictionClasses) {
    return cedar::Error{"schema: at most " + std::to_string(kMaxConvictionClasses) +
                        " conviction classes"};
  }
  return cedar::Status::Ok();
}

// The enumerated member `name` of the context (kContextMembers): its terms,
// or none when an archived schema predates it.
cedar::Result<Terms> context_terms(const cedar::Schema& schema, const Vocabulary& v,
                                   std::string_view name, std::string field, SchemaForm form) {
  const cedar::ActionDef* def = schema.action(v.do_uids.front());
  const cedar::SchemaType* ctx = def ? def->context.get() : nullptr;
  const ContextMember* m = nullptr;
  for (const ContextMember& c : kContextMembers) {
    if (c.name == name) m = &c;
  }
  const cedar::SchemaType* attr = record_attr(ctx, std::string(name));
  if (attr == nullptr && m->later && form == SchemaForm::kArchived) {
    return Terms{std::move(field), std::string(m->entity_type), {}, {}};  // not in the context
  }
  if (attr != nullptr &&
      (attr->kind != cedar::SchemaType::Kind::Entity || attr->name != m->entity_type)) {
    return cedar::Error{"schema: the action context's `" + std::string(name) + "` must be a " +
                        std::string(m->entity_type)};
  }
  return enum_terms(schema, std::string(m->entity_type), std::move(field));
}

}  // namespace

cedar::Result<Vocabulary> Vocabulary::from_schema(const cedar::Schema& schema, SchemaForm form) {
  Vocabulary v;
  if (auto s = read_actions(schema, v); !s) return s.error();
  auto instruments = context_terms(schema, v, "instrument", "instrument.type", form);
  if (!instruments) return instruments.error();
  auto signers = context_terms(schema, v, "signed_by", "instrument.signed_by", form);
  if (!signers) return signers.error();
  auto purposes = context_terms(schema, v, "purpose", "purpose", form);
  if (!purposes) return purposes.error();
  auto requesters = context_terms(schema, v, "requester", "requester.agency", form);
  if (!requesters) return requesters.error();
  auto kinds = context_terms(schema, v, "agency_kind", "receiving_agency kind", form);
  if (!kinds) return kinds.error();
  auto modes = context_terms(schema, v, "interview_mode", "interview_mode", form);
  if (!modes) return modes.error();
  // ConvictionAge is the type of subject.convictions' members, not of a context member.
  const bool ages_declared = schema.entity_type("ConvictionAge") != nullptr;
  auto ages = form == SchemaForm::kArchived && !ages_declared
                  ? cedar::Result<Terms>(Terms{"subject.convictions", "ConvictionAge", {}, {}})
                  : enum_terms(schema, "ConvictionAge", "subject.convictions");
  if (!ages) return ages.error();
  v.agency_kinds = std::move(*kinds);
  v.interview_modes = std::move(*modes);
  v.conviction_ages = std::move(*ages);
  v.instruments = std::move(*instruments);
  v.signers = std::move(*signers);
  v.purposes = std::move(*purposes);
  v.requesters = std::move(*requesters);
  if (auto s = read_facts(schema, v, form); !s) return s.error();
  if (v.release.present) {
    auto classes = enum_terms(schema, "FieldClass", "field class");
    if (!classes) return classes.error();
    auto recipients = enum_terms(schema, "Recipient", "recipient");
    if (!recipients) return recipients.error();
    auto instruments = enum_terms(schema, "ReleaseInstrument", "instrument");
    if (!instruments) return instruments.error();
    auto types = enum_terms(schema, "RecordType", "record_type");
    if (!types) return types.error();
    v.release.field_classes = std::move(*classes);
    v.release.recipients = std::move(*recipients);
    v.release.instruments = std::move(*instruments);
    v.release.record_types = std::move(*types);
  }
  return v;
}

cedar::Value Vocabulary::release_context(const ReleaseSituation& s) const {
  // Field names in sorted order, as cedar::Value::record requires.
  cedar::Record ctx;
  ctx.reserve(7);
  ctx.emplace_back("agency_kind", agency_kinds.cedar_values[s.agency_kind]);
  ctx.emplace_back("field_class", release.field_classes.cedar_values[s.field_class]);
  ctx.emplace_back("instrument", release.instruments.cedar_values[s.instrument]);
  ctx.emplace_back("purpose", purposes.cedar_values[s.purpose]);
  ctx.emplace_back("recipient", release.recipients.cedar_values[s.recipient]);
  ctx.emplace_back("record_type", release.record_types.cedar_values[s.record_type]);
  ctx.emplace_back("written_consent", cedar::Value::boolean(s.written_consent));
  return cedar::Value::record(std::move(ctx));
}

std::optional<uint8_t> Vocabulary::find_action(std::string_view name) const {
  for (size_t i = 0; i < actions.size(); ++i) {
    if (actions[i] == name) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

std::optional<uint8_t> Vocabulary::find_fact(std::string_view name) const {
  for (size_t i = 0; i < facts.size(); ++i) {
    if (facts[i] == name) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

std::optional<uint8_t> Vocabulary::find_conviction_class(std::string_view name) const {
  for (size_t i = 0; i < conviction_classes.size(); ++i) {
    if (conviction_classes[i] == name) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

std::optional<uint8_t> Vocabulary::default_signer(uint8_t instrument) const {
  static const std::pair<std::string_view, std::string_view> kImplied[] = {
      {"detainer", "immigration_officer"},
      {"voluntary_notification", "immigration_officer"},
      {"admin_arrest_warrant", "immigration_officer"},
      {"admin_removal_warrant", "immigration_officer"},
      {"admin_subpoena", "immigration_officer"},
      {"judicial_warrant", "judge"},
      {"court_order", "judge"},
      {"judicial_subpoena", "judge"},
      {"informal", "none"},
      {"none", "none"},
  };
  const std::string& type = instruments.values[instrument];
  for (const auto& [inst, signer] : kImplied) {
    if (inst == type) return signers.find(signer);
  }
  return std::nullopt;
}

namespace {

// A small per-thread cache of built sub-records (the facts record by its
// bits, the convictions record by its ages): most requests share a few
// combinations, and building a record allocates its names. Entries are keyed
// by the vocabulary's instance id too (not its address, which a later
// vocabulary may reuse); the cache never outlives a lookup's result (values
// are reference counted).
class RecordCache {
 public:
  template <class Build>
  cedar::Value get(uint64_t vocab, uint64_t key, Build&& build) {
    for (const Entry& e : entries_) {
      if (e.vocab == vocab && e.key == key) return e.value;
    }
    Entry& slot = entries_[next_];
    next_ = (next_ + 1) % entries_.size();
    slot = Entry{vocab, key, build()};
    return slot.value;
  }

 private:
  struct Entry {
    uint64_t vocab = 0;  // no vocabulary has id 0
    uint64_t key = 0;
    cedar::Value value;
  };
  std::array<Entry, 32> entries_{};
  size_t next_ = 0;
};

}  // namespace

uint64_t Vocabulary::InstanceId::next() {
  static std::atomic<uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

cedar::Value Vocabulary::context(const Situation& s) const {
  thread_local RecordCache facts_cache, convictions_cache;
  cedar::Value facts_value = facts_cache.get(instance_.value(), s.facts, [&] {
    cedar::Record record;
    record.reserve(facts.size());
    for (size_t i = 0; i < facts.size(); ++i) {
      record.emplace_back(facts[i], cedar::Value::boolean(((s.facts >> i) & 1U) != 0));
    }
    return cedar::Value::record(std::move(record));
  });
  uint64_t ages = 0;
  for (size_t i = 0; i < conviction_classes.size(); ++i) ages = ages << 8 | s.convictions[i];
  cedar::Value convictions_value = convictions_cache.get(instance_.value(), ages, [&] {
    cedar::Record record;
    record.reserve(conviction_classes.size());
    for (size_t i = 0; i < conviction_classes.size(); ++i) {
      record.emplace_back(conviction_classes[i], conviction_ages.cedar_values[s.convictions[i]]);
    }
    return cedar::Value::record(std::move(record));
  });
  cedar::Record subject;
  if (convictions_declared) subject.emplace_back("convictions", std::move(convictions_value));
  subject.emplace_back("in_custody", cedar::Value::boolean(s.in_custody));
  // Field names in sorted order, as cedar::Value::record requires; the
  // members an archived schema predates are left out.
  cedar::Record ctx;
  ctx.reserve(8);
  if (agency_kinds.declared())
    ctx.emplace_back("agency_kind", agency_kinds.cedar_values[s.agency_kind]);
  ctx.emplace_back("facts", std::move(facts_value));
  ctx.emplace_back("instrument", instruments.cedar_values[s.instrument]);
  if (interview_modes.declared())
    ctx.emplace_back("interview_mode", interview_modes.cedar_values[s.interview_mode]);
  ctx.emplace_back("purpose", purposes.cedar_values[s.purpose]);
  ctx.emplace_back("requester", requesters.cedar_values[s.requester]);
  ctx.emplace_back("signed_by", signers.cedar_values[s.signed_by]);
  ctx.emplace_back("subject", cedar::Value::record(std::move(subject)));
  return cedar::Value::record(std::move(ctx));
}

uint64_t Vocabulary::situation_count() const {
  uint64_t n = uint64_t{instruments.values.size()} * signers.values.size() *
               purposes.values.size() * requesters.values.size() * 2 *
               (uint64_t{1} << facts.size()) * std::max<size_t>(1, interview_modes.values.size());
  for (size_t i = 0; i < conviction_classes.size(); ++i) n *= conviction_ages.values.size();
  return n;
}

}  // namespace trustgate::policy
