"""SMIL presentation for a message that comes without one (OMA-TS-MMS-CONF §8, SMIL 2.0 basic).

MMS phones lay a message out as slides: a `<par>` per slide with at most one image or video,
one text and one audio, in an Image region above a Text region. This writes the same, one slide
per image (or video) with the text that follows it; a text alone before an image without a
text of its own goes with that image (a caption added first), any other text gets a slide of
its own. `src` names each part by its Content-Location, as the CONF asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from modem.mms.body import Part

__all__ = ["generate_smil", "slides"]

_LAYOUT = (
    "<head><layout>"
    '<root-layout width="100%" height="100%"/>'
    '<region id="Image" top="0%" left="0%" width="100%" height="70%" fit="meet"/>'
    '<region id="Text" top="70%" left="0%" width="100%" height="30%" fit="scroll"/>'
    "</layout></head>"
)
_REGIONS = {"img": ' region="Image"', "video": ' region="Image"', "text": ' region="Text"'}


@dataclass
class _Slide:
    visual: Part | None = None
    text: Part | None = None
    audio: Part | None = None
    extra: list[Part] = field(default_factory=list)


def _role(part: Part) -> str:
    media = part.media_type
    if media.startswith("image/"):
        return "img"
    if media.startswith("video/"):
        return "video"
    if media.startswith("audio/"):
        return "audio"
    if media.startswith("text/plain"):
        return "text"
    return "ref"


def slides(parts: Iterable[Part]) -> list[list[tuple[str, Part]]]:
    """The slides a SMIL would show for these parts, as (element, part) lists."""
    out: list[_Slide] = []
    for part in parts:
        role = _role(part)
        if part.media_type == "application/smil":
            continue
        current = out[-1] if out else None
        if role in ("img", "video"):
            out.append(_Slide(visual=part))
        elif role == "text":
            if current is None or current.text is not None:
                out.append(_Slide(text=part))
            else:
                current.text = part
        elif role == "audio":
            if current is None or current.audio is not None or _is_video(current.visual):
                out.append(_Slide(audio=part))
            else:
                current.audio = part
        elif current is None:
            out.append(_Slide(extra=[part]))
        else:
            current.extra.append(part)
    out = _pair_leading_texts(out)
    result = []
    for slide in out:
        items: list[tuple[str, Part]] = []
        if slide.visual is not None:
            items.append((_role(slide.visual), slide.visual))
        if slide.text is not None:
            items.append(("text", slide.text))
        if slide.audio is not None:
            items.append(("audio", slide.audio))
        items += [("ref", p) for p in slide.extra]
        result.append(items)
    return result


def _pair_leading_texts(out: list[_Slide]) -> list[_Slide]:
    """A text alone on its slide, followed by an image (or video) slide without text, belongs
    to that image: `build(to, text=..., attachments=[photo])` adds the text first and means
    one slide, the photo with its caption."""
    merged: list[_Slide] = []
    for slide in out:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.text is not None
            and previous.visual is None
            and previous.audio is None
            and not previous.extra
            and slide.visual is not None
            and slide.text is None
        ):
            slide.text = previous.text
            merged[-1] = slide
        else:
            merged.append(slide)
    return merged


def _is_video(part: Part | None) -> bool:
    return part is not None and part.media_type.startswith("video/")


def _src(part: Part) -> str:
    if part.content_location:
        return part.content_location
    if part.content_id:
        return "cid:" + part.content_id.strip("<>")
    return ""


def generate_smil(parts: Iterable[Part], *, slide_ms: int = 5000) -> str:
    """SMIL for `parts` (which should each carry a Content-Location)."""
    body = []
    for items in slides(parts):
        elements = []
        for role, part in items:
            region = {
                "img": ' region="Image"',
                "video": ' region="Image"',
                "text": ' region="Text"',
            }
            elements.append(f"<{role} src={quoteattr(_src(part))}{region.get(role, '')}/>")
        body.append(f'<par dur="{slide_ms}ms">{"".join(elements)}</par>')
    return f"<smil>{_LAYOUT}<body>{''.join(body)}</body></smil>"
