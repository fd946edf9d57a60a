// Cedar's JSON formats: values, escapes, entities and schema-directed parsing.
#include "cedar/json.h"

#include <gtest/gtest.h>

#include "cedar/schema.h"

namespace cedar {
namespace {

TEST(Json, PlainValues) {
  auto v = parse_value_json(R"({"a": [1, true, "x"], "b": {"c": -9223372036854775808}})", nullptr);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->to_string(), R"({"a": [true, 1, "x"], "b": {"c": -9223372036854775808}})");
}

TEST(Json, IntegerRange) {
  EXPECT_TRUE(parse_value_json("9223372036854775807", nullptr).ok());
  EXPECT_FALSE(parse_value_json("9223372036854775808", nullptr).ok());
  EXPECT_FALSE(parse_value_json("1.5", nullptr).ok());
  EXPECT_FALSE(parse_value_json("null", nullptr).ok());
}

TEST(Json, Escapes) {
  auto e = parse_value_json(R"({"__entity": {"type": "A::B", "id": "x"}})", nullptr);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->to_string(), "A::B::\"x\"");
  auto x = parse_value_json(R"({"__extn": {"fn": "decimal", "arg": "1.5"}})", nullptr);
  ASSERT_TRUE(x.ok()) << x.error().message;
  EXPECT_TRUE(x->is_extension());
  EXPECT_FALSE(parse_value_json(R"({"__extn": {"fn": "nope", "arg": "1"}})", nullptr).ok());
  EXPECT_FALSE(parse_value_json(R"({"__extn": {"fn": "ip", "arg": "bad"}})", nullptr).ok());
  // Without a schema, {"type", "id"} is a record.
  auto r = parse_value_json(R"({"type": "User", "id": "a"})", nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->is_record());
}

// The ledger hashes this exact form (docs/ledger.md: Python's json.dumps with
// ensure_ascii=False): short escapes where JSON has them, \u00xx for the
// other control bytes, UTF-8 as it is.
TEST(Json, StringLiteralsHaveOneExactForm) {
  std::string out;
  append_json_string(out, "a\"b\\c\b\f\n\r\t\x01\x1f\x7f caf\xc3\xa9");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\x7f caf\xc3\xa9\"");
  out.clear();
  append_json_string(out, std::string("\0", 1));
  EXPECT_EQ(out, "\"\\u0000\"");
}

// The writer skips eight plain bytes at a time: every byte value, at every
// position of a string longer than one step, is escaped exactly as alone.
TEST(Json, StringLiteralsEscapeEveryByteWhereverItIs) {
  for (int c = 0; c < 256; ++c) {
    std::string alone;
    append_json_string(alone, std::string(1, static_cast<char>(c)));
    const std::string escaped = alone.substr(1, alone.size() - 2);
    for (size_t pos = 0; pos < 19; ++pos) {
      std::string text(19, 'x');
      text[pos] = static_cast<char>(c);
      std::string out;
      append_json_string(out, text);
      EXPECT_EQ(out, "\"" + std::string(pos, 'x') + escaped + std::string(18 - pos, 'x') + "\"")
          << "byte " << c << " at " << pos;
    }
  }
}

TEST(Json, RoundTrip) {
  const char* text =
      R"({"a":[1,{"__entity":{"type":"T","id":"i"}}],"b":{"__extn":{"fn":"ip","arg":"10.0.0.0/8"}}})";
  auto v = parse_value_json(text, nullptr);
  ASSERT_TRUE(v.ok()) << v.error().message;
  auto again = parse_value_json(value_to_json(*v), nullptr);
  ASSERT_TRUE(again.ok()) << value_to_json(*v);
  EXPECT_EQ(*v, *again);
}

// A datetime before year 0000 has no datetime string; it is written as an
// offset from the epoch (found by the entities fuzzer).
TEST(Json, DatetimeOutsideTheYearRangeRoundTrips) {
  const char* text = R"({"__extn":{"fn":"offset","args":[
      {"__extn":{"fn":"datetime","arg":"1969-01-01"}},
      {"__extn":{"fn":"duration","arg":"-62167050064000ms"}}]}})";
  auto v = parse_value_json(text, nullptr);
  ASSERT_TRUE(v.ok()) << v.error().message;
  std::string json = value_to_json(*v);
  EXPECT_NE(json.find("\"offset\""), std::string::npos) << json;
  auto again = parse_value_json(json, nullptr);
  ASSERT_TRUE(again.ok()) << json << ": " << again.error().message;
  EXPECT_EQ(*v, *again);
}

// As in Cedar, a one-key object is an escape only when the value has the
// escape's shape; otherwise it is a record with that key.
TEST(Json, EscapeKeysWithOtherShapesAreRecords) {
  for (const char* text :
       {R"({"__extn": [1]})", R"({"__extn": {"fn": "ip"}})", R"({"__entity": {"type": "T"}})",
        R"({"__entity": 1})", R"({"__expr": 1})"}) {
    auto v = parse_value_json(text, nullptr);
    ASSERT_TRUE(v.ok()) << text << ": " << v.error().message;
    ASSERT_TRUE(v->is_record()) << text;
    EXPECT_EQ(v->as_record().size(), 1u) << text;
  }
  auto e = parse_value_json(R"({"__entity": {"type": "T", "id": "i", "x": 1}})", nullptr);
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_TRUE(e->is_entity());
  EXPECT_FALSE(parse_value_json(R"({"__extn": {"fn": "nosuch", "arg": "1"}})", nullptr).ok());
  EXPECT_FALSE(parse_value_json(R"({"__expr": "1 + 1"})", nullptr).ok());
}

TEST(Json, EntityUid) {
  auto a = parse_entity_uid_json(R"({"type": "User", "id": "alice"})");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->type, "User");
  auto b = parse_entity_uid_json(R"({"__entity": {"type": "User", "id": "alice"}})");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_FALSE(parse_entity_uid_json(R"({"type": "User"})").ok());
}

TEST(Json, EntitiesAndAncestors) {
  auto es = parse_entities_json(R"([
    {"uid": {"type": "U", "id": "a"}, "attrs": {}, "parents": [{"type": "G", "id": "g1"}]},
    {"uid": {"type": "G", "id": "g1"}, "attrs": {}, "parents": [{"type": "G", "id": "g2"}]},
    {"uid": {"type": "G", "id": "g2"}, "attrs": {}, "parents": []}
  ])",
                                nullptr);
  ASSERT_TRUE(es.ok()) << es.error().message;
  EXPECT_TRUE(es->is_descendant_or_self({"U", "a"}, {"G", "g2"}));
  EXPECT_TRUE(es->is_descendant_or_self({"G", "g2"}, {"G", "g2"}));
  EXPECT_FALSE(es->is_descendant_or_self({"G", "g1"}, {"U", "a"}));
}

// Cedar refuses a store whose hierarchy has a cycle, a self-loop included.
TEST(Json, CyclesAreRefused) {
  auto cycle = parse_entities_json(R"([
    {"uid": {"type": "U", "id": "a"}, "attrs": {}, "parents": [{"type": "G", "id": "g1"}]},
    {"uid": {"type": "G", "id": "g1"}, "attrs": {}, "parents": [{"type": "G", "id": "g2"}]},
    {"uid": {"type": "G", "id": "g2"}, "attrs": {}, "parents": [{"type": "G", "id": "g1"}]}
  ])",
                                   nullptr);
  ASSERT_FALSE(cycle.ok());
  EXPECT_NE(cycle.error().message.find("cycle"), std::string::npos) << cycle.error().message;
  auto self = parse_entities_json(
      R"([{"uid": {"type": "G", "id": "g"}, "attrs": {}, "parents": [{"type": "G", "id": "g"}]}])",
      nullptr);
  ASSERT_FALSE(self.ok());
  EXPECT_NE(self.error().message.find("G::\"g\""), std::string::npos) << self.error().message;
}

// Since Cedar 4.4 an entity listed twice with the same contents (parents and
// attributes in any order) is one entity; different contents are an error.
TEST(Json, EqualDuplicateEntitiesAreOne) {
  auto es = parse_entities_json(R"([
    {"uid": {"type": "U", "id": "a"}, "attrs": {"x": 1, "y": [2, 3]},
     "parents": [{"type": "G", "id": "1"}, {"type": "G", "id": "2"}]},
    {"uid": {"type": "U", "id": "a"}, "attrs": {"y": [3, 2], "x": 1},
     "parents": [{"type": "G", "id": "2"}, {"type": "G", "id": "1"}]}
  ])",
                                nullptr);
  ASSERT_TRUE(es.ok()) << es.error().message;
  EXPECT_EQ(es->size(), 1u);
  auto differ = parse_entities_json(R"([
    {"uid": {"type": "U", "id": "a"}, "attrs": {"x": 1}, "parents": []},
    {"uid": {"type": "U", "id": "a"}, "attrs": {"x": 2}, "parents": []}
  ])",
                                    nullptr);
  ASSERT_FALSE(differ.ok());
  EXPECT_NE(differ.error().message.find("different"), std::string::npos);
}

// `attrs` and `parents` are required, other keys are ignored, and a key
// given twice is an error.
TEST(Json, EntityFields) {
  auto no_attrs =
      parse_entities_json(R"([{"uid": {"type": "U", "id": "a"}, "parents": []}])", nullptr);
  ASSERT_FALSE(no_attrs.ok());
  EXPECT_NE(no_attrs.error().message.find("`attrs`"), std::string::npos);
  auto no_parents =
      parse_entities_json(R"([{"uid": {"type": "U", "id": "a"}, "attrs": {}}])", nullptr);
  ASSERT_FALSE(no_parents.ok());
  EXPECT_NE(no_parents.error().message.find("`parents`"), std::string::npos);
  EXPECT_TRUE(
      parse_entities_json(
          R"([{"uid": {"type": "U", "id": "a"}, "attrs": {}, "parents": [], "note": 1}])", nullptr)
          .ok());
  EXPECT_FALSE(
      parse_entities_json(
          R"([{"uid": {"type": "U", "id": "a"}, "attrs": {}, "attrs": {}, "parents": []}])",
          nullptr)
          .ok());
}

// The closure: diamonds once, parents outside the store, sorted ancestors,
// and a store without any parent edge.
TEST(Json, AncestorClosure) {
  auto es = parse_entities_json(R"([
    {"uid": {"type": "U", "id": "a"}, "attrs": {},
     "parents": [{"type": "G", "id": "left"}, {"type": "G", "id": "right"}]},
    {"uid": {"type": "G", "id": "left"}, "attrs": {}, "parents": [{"type": "G", "id": "top"}]},
    {"uid": {"type": "G", "id": "right"}, "attrs": {}, "parents": [{"type": "G", "id": "top"}]},
    {"uid": {"type": "G", "id": "top"}, "attrs": {}, "parents": [{"type": "Org", "id": "outside"}]}
  ])",
                                nullptr);
  ASSERT_TRUE(es.ok()) << es.error().message;
  const Entity* a = es->find({"U", "a"});
  ASSERT_NE(a, nullptr);
  std::vector<EntityUid> want = {{"G", "left"}, {"G", "right"}, {"G", "top"}, {"Org", "outside"}};
  EXPECT_EQ(a->ancestors, want);
  EXPECT_TRUE(es->find({"G", "top"})->has_ancestor({"Org", "outside"}));
  EXPECT_FALSE(es->find({"G", "top"})->has_ancestor({"G", "top"}));
  auto flat = parse_entities_json(R"([
    {"uid": {"type": "U", "id": "a"}, "attrs": {}, "parents": []},
    {"uid": {"type": "U", "id": "b"}, "attrs": {}, "parents": []}
  ])",
                                  nullptr);
  ASSERT_TRUE(flat.ok());
  EXPECT_TRUE(flat->find({"U", "a"})->ancestors.empty());
  EXPECT_FALSE(flat->is_descendant_or_self({"U", "a"}, {"U", "b"}));
}

// With a schema, an entity's attrs object is a record even when its one key
// is `__entity`: the schema then rejects the undeclared attribute.
TEST(Json, AttrsAreNeverAnEscape) {
  auto schema = parse_schema_text("entity User = { name: String };");
  ASSERT_TRUE(schema.ok()) << schema.error().describe();
  auto es = parse_entities_json(R"([
    {"uid": {"type": "User", "id": "a"},
     "attrs": {"__entity": {"type": "User", "id": "b"}}, "parents": []}
  ])",
                                &*schema);
  ASSERT_FALSE(es.ok());
  EXPECT_NE(es.error().message.find("__entity"), std::string::npos) << es.error().message;
}

TEST(Json, EntityErrorsNameTheEntity) {
  auto dup = parse_entities_json(R"([
    {"uid": {"type": "U", "id": "a"}, "attrs": {}, "parents": []},
    {"uid": {"type": "U", "id": "a"}, "attrs": {"x": 1}, "parents": []}])",
                                 nullptr);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().message.find("U::\"a\""), std::string::npos) << dup.error().message;
  auto bad = parse_entities_json(
      R"([{"uid": {"type": "U", "id": "a"}, "attrs": {"x": 1.5}, "parents": []}])", nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("\"x\""), std::string::npos) << bad.error().message;
  EXPECT_FALSE(parse_entities_json(R"({"not": "an array"})", nullptr).ok());
  EXPECT_FALSE(
      parse_entities_json(R"([{"uid": {"type": "U", "id": "a"}, "bogus": 1}])", nullptr).ok());
}

TEST(Json, SchemaDirectedParsing) {
  auto schema = parse_schema_text(R"(
    entity Group;
    entity User in [Group] { ip: ipaddr, boss?: User, score: decimal, when: datetime };
    action view appliesTo { principal: User, resource: User, context: { src: ipaddr } };
    action group1;
    action edit in [group1] appliesTo { principal: User, resource: User };
  )");
  ASSERT_TRUE(schema.ok()) << schema.error().describe();
  auto es = parse_entities_json(R"([
    {"uid": {"type": "User", "id": "a"}, "parents": [],
     "attrs": {"ip": "10.0.0.1", "boss": {"type": "User", "id": "b"}, "score": "1.25",
               "when": "2024-01-01"}}
  ])",
                                &*schema);
  ASSERT_TRUE(es.ok()) << es.error().message;
  const Entity* a = es->find({"User", "a"});
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(Value::record(a->attrs).field("ip")->is_extension());
  EXPECT_TRUE(Value::record(a->attrs).field("boss")->is_entity());
  // The schema's actions are added, with their groups.
  EXPECT_TRUE(es->is_descendant_or_self({"Action", "edit"}, {"Action", "group1"}));
  auto ctx = parse_context_json(R"({"src": "192.168.0.1"})", &*schema, {"Action", "view"});
  ASSERT_TRUE(ctx.ok()) << ctx.error().message;
  EXPECT_TRUE(ctx->field("src")->is_extension());
  EXPECT_FALSE(parse_context_json(R"({"src": "nope"})", &*schema, {"Action", "view"}).ok());
  // With a schema, a context for an undeclared action is refused.
  auto undeclared = parse_context_json("{}", &*schema, {"Action", "nope"});
  ASSERT_FALSE(undeclared.ok());
  EXPECT_NE(undeclared.error().message.find("not in the schema"), std::string::npos);
  EXPECT_FALSE(
      parse_context_json(R"({"other": 1, "src": "1.2.3.4"})", &*schema, {"Action", "view"}).ok());
  EXPECT_FALSE(parse_context_json(R"({})", &*schema, {"Action", "view"}).ok());
  auto unknown = parse_entities_json(R"([{"uid": {"type": "Nope", "id": "a"}}])", &*schema);
  EXPECT_FALSE(unknown.ok());
}

// Like Cedar's schema-directed parser, a set or record of the wrong JSON kind
// is refused while parsing; a primitive of another primitive type is left to
// validation.
TEST(Json, SchemaDirectedKinds) {
  auto schema = parse_schema_text(R"(
    entity User;
    action view appliesTo { principal: User, resource: User,
                            context: { b?: Bool, s?: Set<Long>, r?: { x: Long } } };
  )");
  ASSERT_TRUE(schema.ok()) << schema.error().describe();
  const EntityUid view{"Action", "view"};
  EXPECT_FALSE(parse_context_json(R"({"s": true})", &*schema, view).ok());
  EXPECT_FALSE(parse_context_json(R"({"s": {}})", &*schema, view).ok());
  EXPECT_FALSE(parse_context_json(R"({"r": []})", &*schema, view).ok());
  EXPECT_TRUE(parse_context_json(R"({"b": 1})", &*schema, view).ok());
  EXPECT_TRUE(parse_context_json(R"({"b": []})", &*schema, view).ok());
  EXPECT_TRUE(parse_context_json(R"({"s": ["x"]})", &*schema, view).ok());
}

}  // namespace
}  // namespace cedar
