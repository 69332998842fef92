import GoujiKit
