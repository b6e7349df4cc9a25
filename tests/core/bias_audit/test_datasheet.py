"""Generated datasheets hold the paper's sections and the real group counts."""
import pytest
import torch

from core.bias_audit.arrests import load_arrests
from core.bias_audit.datasheet import image_datasheet, tabular_datasheet
from core.bias_audit.images import ImageBiasConfig, run_image_audit
from core.data import load_digits_fallback

SECTIONS = ["Motivation", "Composition", "Collection process", "Preprocessing", "Uses", "Limitations"]


def assert_sections(markdown: str) -> None:
    positions = [markdown.index(f"## {s}") for s in SECTIONS]
    assert positions == sorted(positions)  # in the paper's order


def test_tabular_datasheet_counts_every_group():
    df = load_arrests()
    text = tabular_datasheet(df, "colour").markdown()
    assert_sections(text)
    assert "| Black | 1288 | 24.6% | 74.1% |" in text and "| White | 3938 | 75.4% | 85.8% |" in text
    assert "| Female | 443 |" in text and "| No | 771 |" in text
    assert "**colour** (audited)" in text and "5,226 arrests" in text


@pytest.fixture(scope="module")
def audit():
    before = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny model on a shared 2-core box
    yield run_image_audit(load_digits_fallback(), ImageBiasConfig(style="thin", share=0.1, train_images=800,
                                                                  test_digits=100, epochs=1))
    torch.set_num_threads(before)


def test_image_datasheet_reports_the_learners_mix(audit):
    text = image_datasheet(audit).markdown()
    assert_sections(text)
    assert "| regular strokes | 720 | 90.0% | 100 |" in text and "| thin strokes | 80 | 10.0% | 100 |" in text
    assert "Training images per digit" in text and "thin strokes" in text.splitlines()[0]
