"""centra-lint's language server driven by a real client library (pytest-lsp, on pygls and
lsprotocol), as scripts/test-lsp runs it in CI: diagnostics equal the command line's findings at
UTF-16 positions on lines with emoji, a fixing change clears them, the quick fix renames a
misspelt key, a suppression comment silences its finding, a hover shows the rule's fix, no
secret anywhere, and shutdown then exit ends the server with status 0."""
import json
import os
import pathlib
import subprocess
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

TOOL = os.environ["CENTRA_LINT"]
SECRET = "klarna_live_" + "k3" * 12
EXPORT = (
    "# \U0001F389 a store \U0001F1F8\U0001F1EA\n"
    "plugins:\n"
    "  - { name: \"\U0001F1F8\U0001F1EA Klarna \U0001F389\", type: Klarna Payments, status: Enabled, uri: \"k\U0001F389\","
    " nameInFrontend: \"\u00e9\", secret: \"${S}\", eStoreId: K500185_x, klarnaEndpoint: EUX }\n"
    "  - type: Klarna Payments\n"
    "    status: Active\n"
    "    name: \"\U0001F389 second\"\n"
    "    nameInFrontend: Klarna\n"
    "    uri: k2\n"
    f"    secret: {SECRET}\n"
    "    eStoreId: K500185_y\n"
    "    klarnaEndpoint: EU\n"
    "    testmode: Yes\n"
)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[TOOL, "lsp"]))
async def client(lsp_client: LanguageClient):
    capabilities = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
        text_document=types.TextDocumentClientCapabilities(
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll])
                ),
                is_preferred_support=True,
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True),
        ),
    )
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    yield
    await lsp_client.shutdown_session()
    # `shutdown` then `exit`: the server ends with status 0.
    assert lsp_client._server.returncode == 0


def cli_findings(path):
    run = subprocess.run([TOOL, "--no-config", "--format", "json", path], capture_output=True)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)["findings"]


def utf16_character(line, column):
    """The 0-based UTF-16 offset of a 1-based column counted in Unicode scalars."""
    return len(line[: column - 1].encode("utf-16-le")) // 2


async def open_export(client, text):
    folder = tempfile.mkdtemp()
    path = pathlib.Path(folder) / "export.yaml"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return str(path), uri


def apply(text, edits):
    """Applies TextEdits (UTF-16 positions) to text."""
    lines = text.split("\n")

    def offset(position):
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line]
        units = 0
        for index, character in enumerate(line):
            if units >= position.character:
                return before + index
            units += len(character.encode("utf-16-le")) // 2
        return before + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
        lines = text.split("\n")
    return text


@pytest.mark.asyncio
async def test_diagnostics_equal_the_command_line(client: LanguageClient):
    path, uri = await open_export(client, EXPORT)
    lines = EXPORT.split("\n")
    expected = sorted((f["rule"], f["line"] - 1, utf16_character(lines[f["line"] - 1], f["column"]), f["message"]) for f in cli_findings(path))
    diagnostics = client.diagnostics[uri]
    found = sorted((d.code, d.range.start.line, d.range.start.character, d.message) for d in diagnostics)
    assert found == expected
    assert all(d.source == "centra-lint" for d in diagnostics)
    assert not any(SECRET in d.message for d in diagnostics)


@pytest.mark.asyncio
async def test_fix_suppress_hover_and_clear(client: LanguageClient):
    path, uri = await open_export(client, EXPORT)
    unknown = next(d for d in client.diagnostics[uri] if d.code == "unknown-field")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=unknown.range, context=types.CodeActionContext(diagnostics=[unknown]))
    )
    rename = next(a for a in actions if a.is_preferred)
    text = apply(EXPORT, rename.edit.changes[uri])
    assert "    testMode: Yes\n" in text
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert not any(d.code == "unknown-field" for d in client.diagnostics[uri])

    literal = next(d for d in client.diagnostics[uri] if d.code == "secret-is-reference")
    hover = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=literal.range.start))
    assert "**Fix:**" in hover.contents.value and SECRET not in hover.contents.value

    status = next(d for d in client.diagnostics[uri] if d.code == "invalid-value" and "status" in d.message)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=status.range, context=types.CodeActionContext(diagnostics=[status]))
    )
    suppress = next(a for a in actions if a.title == "Suppress invalid-value on this line")
    assert not any(SECRET in json.dumps(str(a)) for a in actions)
    text = apply(text, suppress.edit.changes[uri])
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = [(d.code, d.range.start.line) for d in client.diagnostics[uri]]
    assert ("invalid-value", status.range.start.line) not in codes and not any(c in ("unused-suppression", "invalid-suppression") for c, _ in codes), codes

    clean = "plugins:\n  - { type: Klarna Payments, status: Active, name: K, nameInFrontend: K, uri: k, secret: \"${S}\", eStoreId: K500185_x, klarnaEndpoint: EU }\n"
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=4),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=clean)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert len(client.diagnostics[uri]) == 0
