"""Import records of the library, for tests and benchmarks."""


def resource_record(number, kind="guidance", languages=("en", "fr"), **extra):
    """An import record with text in `languages`, for tests and benchmarks."""
    words = "trafficking identification protection integration volunteers".split()
    record = {
        "kind": kind,
        "title": {code: f"Resource {number} ({code})" for code in languages},
        "summary": {code: f"Summary {number} {words[number % 5]} ({code})" for code in languages},
        "body": {
            code: f"## Part {number}\n\nBody of resource {number} in {code}, about "
            f"{words[number % 5]}.\n\n- first point\n- second point"
            for code in languages
        },
        "themes": [f"theme-{number % 7}"],
        "exploitation_forms": [["forced-labour", "sexual-exploitation"][number % 2]],
        "audiences": ["volunteers"],
        "countries": [["GB", "FR", "HR", "NL"][number % 4]],
        "published": f"20{10 + number % 15:02d}-0{1 + number % 9}-1{number % 10}",
    }
    if kind == "tool":
        record["format"] = "checklist"
    record.update(extra)
    return record
