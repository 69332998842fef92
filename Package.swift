// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gouji",
    products: [
        .executable(name: "gouji", targets: ["gouji"]),
        .library(name: "GoujiKit", targets: ["GoujiKit"]),
    ],
    targets: [
        .target(name: "GoujiKit", path: "Sources/GoujiKit"),
        .executableTarget(name: "gouji", dependencies: ["GoujiKit"], path: "Sources/gouji"),
        .testTarget(
            name: "GoujiKitTests",
            dependencies: ["GoujiKit"],
            path: "Tests/GoujiKitTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
