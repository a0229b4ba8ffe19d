"""Checks error bodies against the standards' own artefacts.

Reads JSON lines on standard input, each {"label", "format", "status",
"service" ("ais" or "pis"), "body" (the body's text)}; writes one JSON line
per input on standard output: {"label", "errors": [what is wrong]}, empty
when the body passes. Run by tests/format_peers.rs with
PYTHONPATH=target/pytools.

- aip-193: Google's protobuf JSON parser (json_format.Parse) reads
  body["error"] into google.rpc.Status with the error-details types
  registered; its one detail unpacks into google.rpc.ErrorInfo. The HTTP
  mapping's `status` member is not a Status field: it must name a
  google.rpc.Code that maps to the HTTP status (google/rpc/code.proto).
  AIP-193's rules: reason `[A-Z][A-Z0-9_]+[A-Z0-9]`, at most 63 characters,
  unique within its domain; metadata keys lowerCamelCase; every metadata
  value appears in the message.
- json-api: the JSON:API 1.1 schema of jsonapi-1.1-errors.schema.json,
  with the jsonschema package; `status` the body's HTTP status.
- berlin-group: the NextGenPSD2 schema of nextgenpsd2-errors.schema.json,
  Error{status}_NG_{service}.
- oauth: RFC 6749, section 5.2: error and error_description in their
  character sets.
- problem: RFC 9457, section 3.1: the members' types, status the HTTP one.
"""

import json
import os
import re
import sys

import jsonschema
from google.protobuf import json_format
from google.rpc import code_pb2, error_details_pb2, status_pb2

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as file:
        return json.load(file)


JSON_API = load("jsonapi-1.1-errors.schema.json")
NEXTGENPSD2 = load("nextgenpsd2-errors.schema.json")
for schema in (JSON_API, NEXTGENPSD2):
    jsonschema.Draft202012Validator.check_schema(schema)
JSON_API_VALIDATOR = jsonschema.Draft202012Validator(JSON_API)

REASON = re.compile(r"[A-Z][A-Z0-9_]+[A-Z0-9]")
LOWER_CAMEL = re.compile(r"[a-z][a-zA-Z0-9]*")
# The HTTP mapping of each google.rpc.Code, as google/rpc/code.proto gives it.
HTTP_OF_CODE = {
    "OK": 200, "CANCELLED": 499, "UNKNOWN": 500, "INVALID_ARGUMENT": 400,
    "DEADLINE_EXCEEDED": 504, "NOT_FOUND": 404, "ALREADY_EXISTS": 409,
    "PERMISSION_DENIED": 403, "UNAUTHENTICATED": 401, "RESOURCE_EXHAUSTED": 429,
    "FAILED_PRECONDITION": 400, "ABORTED": 409, "OUT_OF_RANGE": 400,
    "UNIMPLEMENTED": 501, "INTERNAL": 500, "UNAVAILABLE": 503, "DATA_LOSS": 500,
}
# RFC 6749, appendix A: error = 1*NQSCHAR, error_description = 1*NQSCHAR.
NQSCHAR = re.compile(r"[\x20-\x21\x23-\x5B\x5D-\x7E]+")
NQCHAR = re.compile(r"[\x21\x23-\x5B\x5D-\x7E]+")

# (domain, reason) -> the label of the first body that carried it, with its
# catalogue code.
REASONS = {}


def check_aip193(case, body, errors):
    error = dict(body.get("error") or {})
    if set(body) != {"error"}:
        errors.append(f"members besides error: {sorted(body)}")
    rpc = error.pop("status", None)
    if rpc not in code_pb2.Code.keys():
        errors.append(f"status {rpc!r} is no google.rpc.Code")
    else:
        http = HTTP_OF_CODE[rpc]
        status = case["status"]
        listed = status in HTTP_OF_CODE.values()
        if listed and http != status:
            errors.append(f"status {rpc} maps to HTTP {http}, not {status}")
        if not listed and http // 100 != status // 100:
            errors.append(f"status {rpc} maps to HTTP {http}, another class than {status}")
    message = status_pb2.Status()
    try:
        json_format.Parse(json.dumps(error), message)
    except json_format.ParseError as parse_error:
        errors.append(f"not a google.rpc.Status: {parse_error}")
        return
    if message.code != case["status"]:
        errors.append(f"code {message.code} is not the HTTP status {case['status']}")
    if len(message.details) != 1:
        errors.append(f"{len(message.details)} details, not one ErrorInfo")
        return
    info = error_details_pb2.ErrorInfo()
    if not message.details[0].Unpack(info):
        errors.append(f"detail is a {message.details[0].type_url}, not an ErrorInfo")
        return
    if not REASON.fullmatch(info.reason) or len(info.reason) > 63:
        errors.append(f"reason {info.reason!r} breaks AIP-193's rule")
    if not info.domain:
        errors.append("no domain")
    key = (info.domain, info.reason)
    first = REASONS.setdefault(key, (case["label"], case.get("code")))
    if first[1] != case.get("code"):
        errors.append(f"reason {info.reason} of {info.domain} also names {first[0]}")
    for name, value in info.metadata.items():
        if not LOWER_CAMEL.fullmatch(name):
            errors.append(f"metadata key {name!r} is not lowerCamelCase")
        if value not in message.message:
            errors.append(f"metadata {name}={value!r} is not in the message")


def check_json_api(case, body, errors):
    for error in JSON_API_VALIDATOR.iter_errors(body):
        errors.append(f"JSON:API: {error.message} at {list(error.absolute_path)}")
    for item in body.get("errors") or []:
        if isinstance(item, dict) and item.get("status") != str(case["status"]):
            errors.append(f"status {item.get('status')!r} is not the HTTP status")


BERLIN_GROUP_VALIDATORS = {}


def check_berlin_group(case, body, errors):
    name = f"Error{case['status']}_NG_{case['service'].upper()}"
    if name not in NEXTGENPSD2["$defs"]:
        name = "ErrorOther_NG"
    if name not in BERLIN_GROUP_VALIDATORS:
        schema = {"$ref": f"#/$defs/{name}", "$defs": NEXTGENPSD2["$defs"]}
        BERLIN_GROUP_VALIDATORS[name] = jsonschema.Draft202012Validator(schema)
    for error in BERLIN_GROUP_VALIDATORS[name].iter_errors(body):
        errors.append(f"{name}: {error.message} at {list(error.absolute_path)}")


def check_oauth(case, body, errors):
    for member in ("error", "error_description"):
        value = body.get(member)
        if not isinstance(value, str) or not NQSCHAR.fullmatch(value):
            errors.append(f"{member} {value!r} is not 1*NQSCHAR (RFC 6749, 5.2)")
    if not NQCHAR.fullmatch(body.get("error") or ""):
        errors.append("error has a space")
    uri = body.get("error_uri")
    if uri is not None and not (isinstance(uri, str) and NQCHAR.fullmatch(uri)):
        errors.append(f"error_uri {uri!r} breaks RFC 6749, 5.2")


def check_problem(case, body, errors):
    for member in ("type", "title", "detail", "instance"):
        if member in body and not isinstance(body[member], str):
            errors.append(f"{member} is not a string (RFC 9457, 3.1)")
    if "status" in body and (type(body["status"]) is not int or body["status"] != case["status"]):
        errors.append(f"status {body['status']!r} is not the HTTP status (RFC 9457, 3.1.2)")


CHECKS = {
    "aip-193": check_aip193,
    "json-api": check_json_api,
    "berlin-group": check_berlin_group,
    "oauth": check_oauth,
    "problem": check_problem,
}


def check(case):
    errors = []
    try:
        body = json.loads(case["body"])
    except ValueError as error:
        return [f"not JSON: {error}"]
    if not isinstance(body, dict):
        return ["not a JSON object"]
    CHECKS[case["format"]](case, body, errors)
    return errors


for line in sys.stdin:
    if line.strip():
        case = json.loads(line)
        print(json.dumps({"label": case["label"], "errors": check(case)}), flush=False)
