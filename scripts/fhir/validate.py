#!/usr/bin/env python3
"""Validates FHIR R4 JSON documents against the R4 StructureDefinitions.

    python validate.py FILE...

Each FILE holds one resource or a Bundle. Every resource (each Bundle entry's
resource too) is checked with fhircraft's R4 model of its type: structure,
cardinality, value formats and every invariant of severity `error` of its
StructureDefinition and of the datatypes it uses (ele-1, dom-2..5, ppc-1..5,
per-1, ref-1…); a Bundle with its own model and invariants (bdl-*). fhircraft
generates its models from the official R4 (4.0.1) StructureDefinitions it
ships and evaluates the invariants' FHIRPath. Prints every problem with its file and path and
exits 1 if there is any; warnings (such as dom-6, no narrative) are not
problems.
"""

import importlib
import json
import re
import sys
import warnings
from pathlib import Path

warnings.simplefilter("ignore")

def model_of(resource_type):
    # ServiceRequest is in module service_request.
    module = re.sub(r"(?<!^)(?=[A-Z])", "_", resource_type).lower()
    module = importlib.import_module(f"fhircraft.fhir.resources.datatypes.R4.core.{module}")
    return getattr(module, resource_type)


def check_resource(where, resource, problems):
    resource_type = resource.get("resourceType")
    if not isinstance(resource_type, str):
        problems.append(f"{where}: no resourceType")
        return
    try:
        model = model_of(resource_type)
    except (ImportError, AttributeError):
        problems.append(f"{where}: `{resource_type}` is not an R4 resource type")
        return
    if resource_type == "Bundle":
        check_bundle(where, resource, problems)
        return
    try:
        model.model_validate(resource)
    except Exception as error:  # pydantic.ValidationError: every problem
        for line in str(error).splitlines():
            problems.append(f"{where} ({resource_type}): {line}")


def check_bundle(where, bundle, problems):
    # fhircraft's Bundle model takes only the abstract Resource in
    # entry.resource: the Bundle is checked with each entry's resource standing
    # as a Resource with the same id and meta (all that its invariants read of
    # a resource in a collection: bdl-7), and each resource with its own model.
    if bundle.get("type") in ("document", "message"):
        problems.append(f"{where}: a {bundle['type']} Bundle is not checked here (bdl-11/12 read the first resource's type)")
        return
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        problems.append(f"{where}: Bundle.entry is not an array")
        return
    shell = dict(bundle)
    shell["entry"] = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
            resource = entry["resource"]
            # (ele-1 wants a child besides the id: implicitRules stands in.)
            stand_in = {
                "resourceType": "Resource",
                "id": resource.get("id", "stand-in"),
                "implicitRules": "urn:concord:stand-in",
            }
            if "meta" in resource:
                stand_in["meta"] = resource["meta"]
            entry = dict(entry, resource=stand_in)
        shell["entry"].append(entry)
    try:
        model_of("Bundle").model_validate(shell)
    except Exception as error:  # pydantic.ValidationError: every problem
        for line in str(error).splitlines():
            problems.append(f"{where} (Bundle): {line}")
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict):
            check_resource(f"{where} entry[{index}].resource", resource, problems)


def main(files):
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    problems = []
    for file in files:
        try:
            document = json.loads(Path(file).read_text())
        except (OSError, ValueError) as error:
            problems.append(f"{file}: not a JSON file: {error}")
            continue
        check_resource(file, document, problems)
    for problem in problems:
        print(problem)
    if problems:
        print(f"FHIR R4: {len(problems)} problem(s) in {len(files)} file(s)")
        return 1
    print(f"FHIR R4: {len(files)} file(s) valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
