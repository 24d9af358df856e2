#!/usr/bin/env python3
"""Writes units.csv: an illustrative address, opening hours and enquiry phone for every
unit the bundled sample lists name. Written for this project as samples: the streets,
numbers and phones are made up (示例), in the shape a district's unit directory has."""
import csv
import hashlib
import pathlib

HERE = pathlib.Path(__file__).parent


def unit_names():
    names = set()
    for file, columns in [
        ("policies.csv", ["发布单位", "执行单位"]),
        ("services.csv", ["实施单位", "一件事牵头单位"]),
        ("tasks.csv", ["责任单位"]),
    ]:
        with open(HERE / file, encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                for column in columns:
                    # A cell names one unit, joint issuers included (区委、区人民政府).
                    if row[column].strip():
                        names.add(row[column].strip())
    return sorted(names)


# Made-up streets of a made-up district centre.
STREETS = ["示例路", "政务大道", "和平路", "滨海大道", "人民路", "建设路", "文化路", "科技路"]


def main():
    rows = []
    for i, name in enumerate(unit_names()):
        digest = int(hashlib.sha256(name.encode()).hexdigest(), 16)
        street = STREETS[digest % len(STREETS)]
        number = 1 + digest // 7 % 180
        if name.startswith("区委") or name.startswith("区人民"):
            hours = "工作日 8:30-12:00，13:30-17:30（示例）"
        else:
            hours = "工作日 9:00-12:00，13:30-17:00（示例）"
        phone = f"0532-8{digest // 11 % 1000:03d}-{digest // 13 % 10000:04d}"
        rows.append([name, f"示例区{street} {number} 号（示例地址）", hours, phone])
    with open(HERE / "units.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["单位名称", "地址", "办公时间", "咨询电话"])
        writer.writerows(rows)
    print(f"units.csv: {len(rows)} units")


if __name__ == "__main__":
    main()
