#!/usr/bin/env python3
"""Writes the benchmark corpus (deterministic): a fleet of merchant exports of 2 to 6 plugins,
about one plugin in ten breaking a rule (each Klarna plugin restricted to a market of its own,
unless it breaks klarna-plugins-overlap), a MID registry with an entry per MID (plus unused
ones), one export of tens of thousands of plugins (`big/`) and the same number all serving one
market (`big-overlapping/`: every plugin overlaps every earlier one, that rule's worst case);
and a second shape, `merchants/`: a folder per merchant with its own config and registry (named
differently by some), production and copies of it per environment, endpoints written as URLs by
half of production's plugins, stores named alike across merchants.

Then `shapes/`, one folder per shape of export the fleet does not have, each read with the
registry, so that no figure holds for one corpus only: `dense` (short plugins, about 3,200 a
megabyte), `long` (long values and lists, about 600 plugins a megabyte), `multidoc` (streams of
2 to 8 documents: production and its copies per environment), `flow` (every plugin one flow mapping on a line, as some
exporters write them), `small` (30,000 files of one plugin each).

usage: gen_corpus.py OUT [--exports 9000] [--registry 75000] [--big 40000] [--merchants 300]"""
import argparse, os, random

REGIONS = [("EU", ["SE", "NO", "FI", "DK", "DE", "AT", "NL"], ["sv-SE", "nb-NO", "fi-FI", "da-DK", "de-DE", "de-AT", "nl-NL"]),
           ("NA", ["US", "CA"], ["en-US", "en-CA"]),
           ("OC", ["AU", "NZ"], ["en-AU", "en-NZ"])]
BREAKS = ["status", "endpoint", "testmode", "image", "country", "locale", "unknown", "url", "uri", "missing", "overlap"]

def plugin(rnd, merchant, index, mid, region, broken, shared_market):
    name, countries, locales = region
    endpoint = name
    lines = {
        "type": "Klarna Payments", "status": "Active", "name": f"Klarna {merchant} {index}",
        "nameInFrontend": "Klarna", "uri": f"klarna-{merchant}-{index}",
        "secret": f"${{KLARNA_SECRET_{merchant.upper().replace('-', '_')}_{index}}}",
        "eStoreId": f"{mid}_{rnd.randrange(16**8):08x}", "klarnaEndpoint": endpoint, "testMode": "No",
        "defaultLocale": rnd.choice(locales), "directCapture": rnd.choice(["Yes", "No", "Store Setting"]),
        "sendProductImages": "Yes", "productImageSize": "standard (0×600 JPEG)", "sendProductUrls": "Yes",
        "frontendPrefix": f"https://{merchant}.example.com/product", "sendProductSizes": "Yes",
    }
    extra = ""
    if broken == "status": lines["status"] = "Inactive"
    elif broken == "endpoint": lines["klarnaEndpoint"] = {"EU": "NA", "NA": "OC", "OC": "EU"}[name]
    elif broken == "testmode": lines["testMode"] = "Yes"
    elif broken == "image": del lines["productImageSize"]
    elif broken == "locale": lines["defaultLocale"] = "en-US" if name != "NA" else "sv-SE"
    elif broken == "unknown": extra = "    sendProductImage: Yes\n"
    elif broken == "url": lines["frontendPrefix"] = f"http://{merchant}.example.com"
    elif broken == "uri": lines["uri"] = "klarna-payments"
    elif broken == "missing": del lines["eStoreId"]
    body = "".join(f"    {k}: {v}\n" for k, v in lines.items()).replace("    type:", "  - type:", 1)
    chosen = rnd.sample(countries, min(len(countries), rnd.randint(1, 3)))
    if broken == "country": chosen.append("JP")
    # Each Klarna plugin serves a market of its own (an "overlap" break shares the one before's);
    # with a shared market every plugin overlaps all earlier ones (the worst case of that rule).
    market = shared_market or f"Market {index - 1 if broken == 'overlap' and index else index}"
    return body + extra + f"    restrictions:\n      markets: [{market}]\n      pricelists: [Default]\n" \
        f"      countries: [{', '.join(chosen)}]\n      languages: [en]\n"

def export(rnd, number, count, mids, shared_market=None):
    merchant = f"m{number:05d}"
    out = [f"# Export of merchant {merchant}\nstore: Merchant {number}\nenvironment: production\nplugins:\n"]
    for index in range(count):
        mid, region = mids[rnd.randrange(len(mids))]
        broken = rnd.choice(BREAKS) if rnd.random() < 0.1 else None
        out.append(plugin(rnd, merchant, index, mid, region, broken, shared_market))
    out.append("  - type: Adyen Drop-In\n    status: Active\n    name: Adyen\n    uri: adyen-%s\n" % merchant)
    return "".join(out)

URLS = {"EU": "https://api.klarna.com/", "NA": "https://api-na.klarna.com", "OC": "https://API-OC.klarna.com/v1"}

def merchant_folder(rnd, out, number, mids):
    """A merchant as support sees one: its config, its registry, an export per environment. The
    other environments are copies of production set for a playground (test mode, a TEST
    endpoint, a playground MID, their own secret), one in ten with a drift (a plugin missing or
    a setting changed)."""
    folder = os.path.join(out, f"merchant-{number:04d}")
    os.makedirs(folder, exist_ok=True)
    own = list({mid: (mid, region) for mid, region in (mids[rnd.randrange(len(mids))] for _ in range(rnd.randint(3, 12)))}.values())
    registry = "mids.yaml" if number % 3 else "klarna-accounts.yaml"
    with open(os.path.join(folder, registry), "w") as f:
        f.write("mids:\n" + "".join(f"  {mid}: {{ region: {region[0]}, environment: live }}\n" for mid, region in own)
                + "".join(f"  P{mid[1:]}: {{ region: {region[0]}, environment: playground }}\n" for mid, region in own))
    with open(os.path.join(folder, ".centra-lint.yaml"), "w") as f:
        f.write(f"midRegistry: {registry}\nexports: ['exports/**/*.yaml']\n")
    os.makedirs(os.path.join(folder, "exports"), exist_ok=True)
    production = export(rnd, number % 50, rnd.randint(2, 8), own)
    for environment in ["production", "staging"] + (["uat"] if number % 4 == 0 else []):
        text = production.replace("environment: production", f"environment: {environment}")
        drift = environment != "production" and rnd.random() < 0.1
        lines = []
        for line in text.splitlines(keepends=True):
            key, _, value = line.strip().lstrip("- ").partition(": ")
            if environment != "production":
                if key == "testMode": line = line.replace(value, "Yes")
                elif key == "klarnaEndpoint" and value in URLS: line = line.replace(value, value + " TEST")
                elif key == "eStoreId": line = line.replace(": K", ": P")
                elif key == "secret": line = line.replace("}", "_" + environment.upper() + "}")
                elif drift and key == "directCapture":
                    line, drift = line.replace(value, "No" if value != "No" else "Yes"), False
            if line.startswith("    klarnaEndpoint: ") and rnd.random() < 0.5 and environment == "production":
                label = line.split(": ", 1)[1].strip()
                line = f"    klarnaEndpoint: {URLS.get(label, label)}\n"
            lines.append(line)
        with open(os.path.join(folder, "exports", f"{environment}.yaml"), "w") as f:
            f.write("".join(lines))

def shape_plugin(rnd, merchant, index, mids, style):
    """One Klarna Payments plugin as (key, value) pairs for the shapes; about one in ten breaks a
    rule, so that findings are made too."""
    mid, region = mids[rnd.randrange(len(mids))]
    name, countries, locales = region
    broken = rnd.random() < 0.1
    if style == "dense":
        fields = [("type", "Klarna Payments"), ("status", "Inactive" if broken else "Active"),
                  ("name", f"K{index}"), ("uri", f"k-{merchant}-{index}"), ("secret", "${K}"),
                  ("eStoreId", mid), ("klarnaEndpoint", name), ("testMode", "No"), ("nameInFrontend", "Klarna"),
                  ("defaultLocale", locales[0]), ("sendProductImages", "Yes"), ("directCapture", "No"),
                  ("productImageSize", "standard (0×600 JPEG)")]
        return fields, [("markets", [f"M{index}"])]
    chosen = rnd.sample(countries, min(len(countries), rnd.randint(1, 3)))
    fields = [("type", "Klarna Payments"), ("status", "Active"), ("name", f"Klarna {merchant} {index}"),
              ("nameInFrontend", "Klarna"), ("uri", f"klarna-{merchant}-{index}"), ("secret", "${KLARNA_SECRET}"),
              ("eStoreId", f"{mid}_{rnd.randrange(16**8):08x}"),
              ("klarnaEndpoint", {"EU": "NA", "NA": "OC", "OC": "EU"}[name] if broken else name),
              ("testMode", "No"), ("defaultLocale", rnd.choice(locales)), ("sendProductImages", "Yes"),
              ("productImageSize", "standard (0×600 JPEG)"), ("frontendPrefix", f"https://{merchant}.example.com/p")]
    restrictions = [("markets", [f"Market {index}"]), ("pricelists", ["Default"]), ("countries", chosen)]
    if style == "long":
        words = ["spring", "summer", "autumn", "winter", "outlet", "members", "wholesale", "campaign"]
        fields[2] = ("name", f"'Klarna Payments for {merchant}, {' '.join(rnd.choice(words) for _ in range(20))} {index}'")
        fields[3] = ("nameInFrontend", "'Pay later, in parts or now with Klarna: " + " ".join(rnd.choice(words) for _ in range(10)) + "'")
        fields[12] = ("frontendPrefix", f"https://{merchant}.example.com/" + "/".join(rnd.choice(words) for _ in range(14)))
        restrictions = [("markets", [f"Market {index}"] + [f"{rnd.choice(words).title()} market of {merchant}" for _ in range(5)]),
                        ("pricelists", [f"{rnd.choice(words).title()} pricelist {n}" for n in range(rnd.randint(20, 35))]),
                        ("countries", chosen), ("languages", ["en", "sv", "de", "fi", "nb", "da", "nl"])]
    return fields, restrictions

def block_plugin(fields, restrictions):
    lines = [f"    {key}: {value}\n" for key, value in fields]
    lines[0] = "  - " + lines[0][4:]
    if restrictions:
        lines.append("    restrictions:\n")
        lines += [f"      {key}: [{', '.join(values)}]\n" for key, values in restrictions]
    return "".join(lines)

def flow_plugin(fields, restrictions):
    quote = lambda value: f"'{value}'" if any(c in value for c in ",{}[]:#") and not value.startswith("'") else value
    parts = [f"{key}: {quote(value)}" for key, value in fields]
    if restrictions:
        parts.append("restrictions: {" + ", ".join(f"{key}: [{', '.join(values)}]" for key, values in restrictions) + "}")
    return "  - {" + ", ".join(parts) + "}\n"

def shapes(out, mids):
    rnd = random.Random(20261204)
    def document(number, count, style, environment="production", plugins=None):
        merchant = f"s{number:05d}"
        body = [f"# {style} export of {merchant}\nstore: Store {number}\nenvironment: {environment}\nplugins:\n"]
        for fields, restrictions in plugins or [shape_plugin(rnd, merchant, index, mids, style) for index in range(count)]:
            body.append(flow_plugin(fields, restrictions) if style == "flow" else block_plugin(fields, restrictions))
        return "".join(body)
    def copy_for(environment, plugins):
        """Production's plugins as another environment has them: test mode, the TEST endpoint,
        a playground MID (in the shape's registry) and its own secret; one in ten with a setting that drifted."""
        changed = {"testMode": lambda v: "Yes", "klarnaEndpoint": lambda v: v + " TEST",
                   "eStoreId": lambda v: "P" + v[1:], "secret": lambda v: v[:-1] + "_" + environment.upper() + "}"}
        copies = []
        for fields, restrictions in plugins:
            fields = [(key, changed[key](value) if key in changed else value) for key, value in fields]
            if rnd.random() < 0.1:
                fields = [(key, "No" if key == "sendProductImages" else value) for key, value in fields]
            copies.append((fields, restrictions))
        return copies
    def write(shape, number, text):
        folder = os.path.join(out, "shapes", shape)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"export-{number:05d}.yaml"), "w") as f:
            f.write(text)
    for number in range(1500):
        write("dense", number, document(number, rnd.randint(10, 30), "dense"))
    for number in range(2500):
        write("long", number, document(number, rnd.randint(1, 5), "long"))
    for number in range(2000):
        environments = ["staging", "uat", "qa", "dev", "preview", "test", "demo"][:rnd.randint(1, 7)]
        production = [shape_plugin(rnd, f"s{number:05d}", index, mids, "plain") for index in range(rnd.randint(1, 4))]
        write("multidoc", number, "---\n" + "---\n".join(
            [document(number, 0, "plain", "production", production)]
            + [document(number, 0, "plain", e, copy_for(e, production)) for e in environments]))
    # The multidoc shape's registry: the fleet's, and the playground MIDs its copies use.
    with open(os.path.join(out, "mids.yaml")) as f, open(os.path.join(out, "shapes", "multidoc.mids.yaml"), "w") as g:
        g.write(f.read() + "".join(f"  P{mid[1:]}: {{ region: {region[0]}, environment: playground }}\n" for mid, region in mids))
    for number in range(6000):
        write("flow", number, document(number, rnd.randint(1, 6), "flow"))
    for number in range(30000):
        write("small", number, document(number, 1, "plain"))

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--exports", type=int, default=9000)
    parser.add_argument("--registry", type=int, default=75000)
    parser.add_argument("--big", type=int, default=40000)
    parser.add_argument("--merchants", type=int, default=300)
    args = parser.parse_args()
    rnd = random.Random(20261126)
    mids = [(f"K{500000 + i}", REGIONS[0 if i % 10 < 7 else (1 if i % 10 < 9 else 2)]) for i in range(args.registry)]
    os.makedirs(os.path.join(args.out, "fleet"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "big"), exist_ok=True)
    with open(os.path.join(args.out, "mids.yaml"), "w") as f:
        f.write("mids:\n" + "".join(f"  {mid}: {{ region: {region[0]}, environment: live }}\n" for mid, region in mids))
    for number in range(args.exports):
        with open(os.path.join(args.out, "fleet", f"merchant-{number:05d}.yaml"), "w") as f:
            f.write(export(rnd, number, rnd.randint(1, 5), mids))
    with open(os.path.join(args.out, "big", "big-store.yaml"), "w") as f:
        f.write(export(rnd, 99999, args.big, mids))
    os.makedirs(os.path.join(args.out, "big-overlapping"), exist_ok=True)
    with open(os.path.join(args.out, "big-overlapping", "big-store.yaml"), "w") as f:
        f.write(export(random.Random(20261203), 99998, args.big, mids, shared_market="Main"))
    for number in range(args.merchants):
        merchant_folder(rnd, os.path.join(args.out, "merchants"), number, mids)
    shapes(args.out, mids)

if __name__ == "__main__":
    main()
