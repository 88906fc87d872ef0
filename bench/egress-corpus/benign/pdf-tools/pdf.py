import sys

from pypdf import PdfReader, PdfWriter


def text(path):
    for i, page in enumerate(PdfReader(path).pages, 1):
        print(f"--- page {i} ---")
        print(page.extract_text() or "")


def split(path, rng, out):
    a, b = (int(x) for x in rng.split("-"))
    reader, writer = PdfReader(path), PdfWriter()
    for i in range(a - 1, b):
        writer.add_page(reader.pages[i])
    with open(out, "wb") as fh:
        writer.write(fh)


cmd, *args = sys.argv[1:]
{"text": text, "split": split}[cmd](*args)
