// The disclosure guard: the decision per field class, and releases of JSONL
// and CSV records with every withheld value replaced and logged.
#include <gtest/gtest.h>

#include "base/digest.h"
#include "trustgate/disclose/disclose_fixture.h"

namespace trustgate::disclose {
namespace {

using testing::chicago;
using testing::request;
using testing::run;

const std::string kBooking =
    R"({"record_type":"booking","booking_number":"BK-1","name":"Ana Doe",)"
    R"("immigration_status":"S-STATUS","citizenship":"S-CIT","country_of_birth":"S-BIRTH",)"
    R"("citykey_number":"S-CK","address":"S-ADDR","charges":["retail theft"],)"
    R"("booking_date":"2025-02-01","release_date":"S-REL","extra":{"nested":"S-NEST"}})"
    "\n";

uint8_t class_of(const std::string& name) {
  return *policy::testing::shipped_library().vocabulary().release.field_classes.find(name);
}
uint8_t type_of(const std::string& name) {
  return *policy::testing::shipped_library().vocabulary().release.record_types.find(name);
}

TEST(RecordSchemas, ShippedSchemasLoadForEveryRecordType) {
  const auto& vocab = policy::testing::shipped_library().vocabulary();
  EXPECT_EQ(testing::shipped_schemas().all().size(), vocab.release.record_types.values.size());
  const RecordSchema* booking = testing::shipped_schemas().find("booking");
  ASSERT_NE(booking, nullptr);
  EXPECT_GE(booking->node_at("immigration_status"), 0);
  EXPECT_EQ(booking->node_at("no_such_field"), -1);
  EXPECT_GE(booking->node_at("/charges/3"), 0);
  EXPECT_EQ(booking->node_at("/charges/x"), -1);
}

TEST(RecordSchemas, RejectsUnknownClassesMembersAndTypes) {
  const auto& terms = policy::testing::shipped_library().vocabulary().release;
  auto bad_class = parse_record_schemas(
      {{"a.json", R"({"record_type":"booking","title":"t","fields":{"x":"secretish"}})"}}, terms);
  ASSERT_FALSE(bad_class);
  EXPECT_EQ(bad_class.error().field, "/fields/x");
  auto bad_member = parse_record_schemas(
      {{"a.json", R"({"record_type":"booking","title":"t","fields":{"x":"public"},"y":"z"})"}},
      terms);
  ASSERT_FALSE(bad_member);
  EXPECT_EQ(bad_member.error().field, "/y");
  auto bad_type = parse_record_schemas(
      {{"a.json", R"({"record_type":"diary","title":"t","fields":{"x":"public"}})"}}, terms);
  ASSERT_FALSE(bad_type);
  EXPECT_EQ(bad_type.error().field, "/record_type");
  auto twice = parse_record_schemas(
      {{"a.json", R"({"record_type":"booking","title":"t","fields":{"x":"public"}})"},
       {"b.json", R"({"record_type":"booking","title":"t","fields":{"x":"public"}})"}},
      terms);
  EXPECT_FALSE(twice);
}

TEST(DisclosureRequest, NamesTheBadMember) {
  const auto& vocab = policy::testing::shipped_library().vocabulary();
  auto r = parse_disclosure_request(
      R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-police","recipient":"kgb",)"
      R"("purpose":"other","instrument":"none"})",
      vocab, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "/recipient");
  auto extra = parse_disclosure_request(
      R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-police","recipient":"ice",)"
      R"("purpose":"other","instrument":"none","name":"x"})",
      vocab, 0);
  ASSERT_FALSE(extra);
  EXPECT_EQ(extra.error().field, "/name");
  auto agency = plan_release(policy::testing::shipped_library(),
                             request(chicago("ice", "other", "none", "nowhere-police")));
  ASSERT_FALSE(agency);
  EXPECT_EQ(agency.error().field, "/receiving_agency");
}

TEST(ReleasePlan, ChicagoWithholdsEverythingButPublicFromIceForCivilEnforcement) {
  auto plan = plan_release(policy::testing::shipped_library(),
                           request(chicago("ice", "civil_immigration_enforcement")));
  ASSERT_TRUE(plan);
  const uint8_t booking = type_of("booking");
  EXPECT_TRUE(plan->at(booking, class_of("public")).released);
  for (const char* c : {"immigration_status", "citizenship", "birthplace", "municipal_id",
                        "address", "release_date", "identity", "criminal_history"}) {
    const ClassDecision& d = plan->at(booking, class_of(c));
    EXPECT_FALSE(d.released) << c;
    EXPECT_TRUE(plan->grounds[d.ground].rule.starts_with("us-il-chicago/")) << c;
  }
  EXPECT_EQ(plan->grounds[plan->at(booking, class_of("immigration_status")).ground].cite,
            "Chicago Mun. Code 2-173-030(a)(1)");
  EXPECT_EQ(plan->grounds[plan->at(booking, class_of("release_date")).ground].cite,
            "Chicago Mun. Code 2-173-020(a)(3)");
}

TEST(ReleasePlan, CriminalInvestigationGetsRecordsButNeverStatus) {
  auto plan = plan_release(policy::testing::shipped_library(),
                           request(chicago("fbi", "criminal_investigation")));
  ASSERT_TRUE(plan);
  const uint8_t booking = type_of("booking");
  EXPECT_TRUE(plan->at(booking, class_of("criminal_history")).released);
  EXPECT_TRUE(plan->at(booking, class_of("identity")).released);
  EXPECT_FALSE(plan->at(booking, class_of("immigration_status")).released);
}

TEST(ReleasePlan, PublicRecordsRequestUnderIllinoisFoia) {
  auto plan =
      plan_release(policy::testing::shipped_library(),
                   request(chicago("public_records_requester", "other", "public_records_request")));
  ASSERT_TRUE(plan);
  const uint8_t booking = type_of("booking"), arrest = type_of("arrest_report");
  EXPECT_TRUE(plan->at(booking, class_of("criminal_history")).released);
  EXPECT_EQ(plan->grounds[plan->at(booking, class_of("birthplace")).ground].cite,
            "5 ILCS 140/7(1)(c)");
  EXPECT_EQ(plan->grounds[plan->at(booking, class_of("address")).ground].cite,
            "5 ILCS 140/7(1)(b)");
  EXPECT_FALSE(plan->at(booking, class_of("address")).released);
  EXPECT_TRUE(plan->at(arrest, class_of("address")).released) << "5 ILCS 140/2.15(a)";
}

TEST(ReleasePlan, CourtOrderReleasesAndMunicipalIdIsConfidential) {
  auto order = plan_release(policy::testing::shipped_library(),
                            request(chicago("court", "other", "court_order")));
  ASSERT_TRUE(order);
  EXPECT_TRUE(order->at(type_of("booking"), class_of("immigration_status")).released);
  auto clerk = plan_release(
      policy::testing::shipped_library(),
      request(chicago("ice", "criminal_investigation", "subpoena", "chicago-city-clerk")));
  ASSERT_TRUE(clerk);
  const ClassDecision& d = clerk->at(type_of("municipal_id_application"), class_of("address"));
  EXPECT_FALSE(d.released);
  EXPECT_EQ(clerk->grounds[d.ground].rule, "us-il-chicago/2-176-municipal-id-confidential");
}

TEST(Release, JsonlWithheldValuesAreMarkedInPlaceAndLogged) {
  auto r = run(request(chicago("ice", "civil_immigration_enforcement")), kBooking + kBooking,
               RecordFormat::Jsonl);
  EXPECT_EQ(r.out.find("S-"), std::string::npos) << r.out;
  EXPECT_EQ(r.log.find("S-"), std::string::npos) << r.log;
  EXPECT_NE(r.out.find(R"("booking_number":"BK-1")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("immigration_status":"[withheld: Chicago Mun. Code 2-173-030(a)(1)]")"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"("extra":"[withheld: not in the record schema]")"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.tally.records, 2u);
  EXPECT_EQ(r.tally.withheld_unclassified, 2u);
  EXPECT_EQ(r.tally.withheld[class_of("immigration_status")], 2u);
  EXPECT_NE(r.log.find(R"(["/extra",null,0])"), std::string::npos) << r.log;
  EXPECT_NE(r.log.find(R"("withheld":"in part")"), std::string::npos) << r.log;
  EXPECT_EQ(r.tally.sha256, base::sha256_hex(r.out));
}

TEST(Release, TheSameOutputWhateverTheChunking) {
  const auto req = request(chicago("public_records_requester", "other", "public_records_request"));
  const std::string in = kBooking + "\n  \n" + kBooking;
  const auto whole = run(req, in, RecordFormat::Jsonl, in.size());
  for (size_t piece : {1, 2, 3, 64}) {
    EXPECT_EQ(run(req, in, RecordFormat::Jsonl, piece).out, whole.out) << piece;
  }
}

TEST(Release, MalformedAndUntypedRecordsAreWithheldInFull) {
  const auto req = request(chicago("fbi", "criminal_investigation"));
  auto r = run(req,
               "{\"record_type\":\"booking\",\"name\":\"S-1\"\n"     // not closed
               "[\"S-2\"]\n"                                         // not an object
               "{\"record_type\":\"diary\",\"name\":\"S-3\"}\n"      // no schema
               "{\"name\":\"S-4\"}\n"                                // no type
               "{\"record_type\":\"booking\",\"name\":\"S-5\"} x\n"  // trailing bytes
               "{\"record_type\":\"booking\",\"name\":\"ok\\u0041\"}\n",
               RecordFormat::Jsonl);
  EXPECT_EQ(r.out.find("S-"), std::string::npos) << r.out;
  EXPECT_EQ(r.tally.records, 6u);
  EXPECT_EQ(r.tally.records_withheld, 5u);
  EXPECT_EQ(r.out, "{\"record_type\":\"booking\",\"name\":\"ok\\u0041\"}\n");
}

TEST(Release, EscapedAndDuplicateKeysFailClosed) {
  const auto req = request(chicago("public_records_requester", "other", "public_records_request"));
  auto r = run(req,
               R"({"record_type":"booking","citizenshi\u0070":"S-1","record_type":"S-2",)"
               R"("na/me":"S-3","":"S-4","charges":[{"odd":"S-5"}]})"
               "\n",
               RecordFormat::Jsonl);
  EXPECT_EQ(r.out.find("S-"), std::string::npos) << r.out;
  EXPECT_NE(r.log.find(R"(["/na~1me",null,0])"), std::string::npos) << r.log;
}

TEST(Release, CsvColumnsAreDecidedByTheirField) {
  const auto req = request(chicago("ice", "civil_immigration_enforcement"));
  auto r =
      run(req,
          "record_type,booking_number,immigration_status,\"country_of_birth\",notes,/extra/x\r\n"
          "booking,BK-1,S-1,\"S-2, with comma\",S-3,S-4\r\n"
          "booking,BK-2,\"S-5\nmultiline\",S-6,S-7,S-8,S-9\n"
          "diary,BK-3,S-10,S-11,S-12,S-13\n",
          RecordFormat::Csv, 5);
  EXPECT_EQ(r.out.find("S-"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("booking,BK-1,\"[withheld: Chicago Mun. Code 2-173-030(a)(1)]\""),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.tally.records, 3u);
  EXPECT_EQ(r.tally.records_withheld, 1u);
  EXPECT_NE(r.log.find(R"x(["/(column 7)",null,0])x"), std::string::npos) << r.log;
}

TEST(Release, DisclosedEventHoldsCountsAndDigestOnly) {
  const auto req = request(chicago("ice", "civil_immigration_enforcement"));
  auto plan = plan_release(policy::testing::shipped_library(), req);
  ASSERT_TRUE(plan);
  auto r = run(req, kBooking, RecordFormat::Jsonl);
  const std::string event =
      disclosed_event(req, *plan, r.tally, RecordFormat::Jsonl,
                      policy::testing::shipped_library().vocabulary(), "clerk", "cli", "cli")
          .canonical();
  EXPECT_EQ(event.find("S-"), std::string::npos) << event;
  EXPECT_NE(event.find("\"event\":\"disclosed\""), std::string::npos);
  EXPECT_NE(event.find(r.tally.sha256), std::string::npos);
  EXPECT_NE(event.find("\"recipient\":\"ice\""), std::string::npos);
}

}  // namespace
}  // namespace trustgate::disclose
