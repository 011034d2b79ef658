"""The charts' colours. The brand's come from ``static/css/brand.css``, as the site's and the PDF's do; the
greys (Bootstrap's) and the peers' box are written here."""

from cxmaturity import brand

CURRENT = brand.ACCENT  # current scores
TARGET = brand.TARGET  # targets, dashed
BAND = brand.ACCENT_TINT  # levels 1, 3 and 5 shaded
TEXT = "#212529"
MUTED = "#495057"  # 8.6:1 on white
PEER = "#6c757d"  # peers' figures: 4.7:1 on white, 4.2:1 on the bands
PEER_BOX = "#d5dadf"  # the middle half of the peers, outlined in PEER
GRID = "#adb5bd"
