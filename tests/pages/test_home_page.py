import ui


def test_home_shows_the_map_device_and_faq(page):
    at = page("home").run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    for lesson in ui.LESSONS:
        assert lesson.concepts in captions
    assert len([e for e in at.expander if e.label.endswith("?")]) == 5  # the FAQ (beside the colour legend)
    assert any("Device: CPU" in m.value or "Device: " in m.value for m in at.markdown)
