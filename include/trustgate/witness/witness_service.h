// The witness's HTTP interface, served by server::HttpServer:
//   POST /add-checkpoint   C2SP tlog-witness (witness.h)
//   GET  /healthz          {"status":"ok"}
//   GET  /metrics          Prometheus text: requests by status
#pragma once

#include <memory>

#include "trustgate/server/service.h"
#include "trustgate/witness/witness.h"

namespace trustgate::witness {

std::unique_ptr<server::Service> make_witness_service(Witness& witness);

}  // namespace trustgate::witness
