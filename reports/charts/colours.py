"""The charts' colours."""

CURRENT = "#0b5c6b"  # current scores
TARGET = "#b35900"  # targets, dashed
BAND = "#eef3f4"  # levels 1, 3 and 5 shaded
TEXT = "#212529"
MUTED = "#495057"  # 8.6:1 on white
PEER = "#6c757d"  # peers' figures: 4.7:1 on white, 4.2:1 on the bands
PEER_BOX = "#d5dadf"  # the middle half of the peers, outlined in PEER
GRID = "#adb5bd"
