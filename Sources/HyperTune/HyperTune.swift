// The umbrella module: `import HyperTune` brings in every public module. It holds no logic.

@_exported public import HyperTuneCore
@_exported public import HyperTunePruners
@_exported public import HyperTuneSamplers
@_exported public import HyperTuneSearchSpace
@_exported public import HyperTuneStorage
@_exported public import HyperTuneStudy
@_exported public import HyperTuneValidation
