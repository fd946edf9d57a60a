// libFuzzer target for the disclosure guard's CSV reader
// (src/trustgate/disclose/csv_reader.cc): arbitrary bytes as a CSV file
// (header row, then rows), released under one of several requests
// (disclose_fuzz_common.h).
#include "disclose_fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  disclose_fuzz::check(trustgate::disclose::RecordFormat::Csv, data, size, nullptr);
  return 0;
}
