import ScalingLaws

extension ParameterConstraints {
    /// Values that hold every parameter of `law` except those in `free`: a staged fit in one
    /// step. Muennighoff et al. 2023 (§5, App. D) fit E, A, B, α, β on runs without repetition,
    /// then held them and fitted only R*_D and R*_N; with `form` data-constrained, a
    /// Chinchilla law supplies those five.
    ///
    /// A data-constrained law means R*_D = 15.4 when it has no `R_D` and "no discount"
    /// (R*_N = ∞) when it has no `R_N`, so those are the values held.
    public static func values(holding law: LawFile, for form: LawForm, names: [String],
                              except free: [String]) throws -> [String: Double] {
        guard law.form == form || (law.form == .chinchilla && form == .dataConstrained) else {
            throw ParameterConstraintError.lawOfAnotherForm(law: law.form.rawValue, fit: form.rawValue, origin: law.origin)
        }
        for name in free where !names.contains(name) {
            throw ParameterConstraintError.unknownParameter(name, kind: "free", form: form.rawValue, known: names)
        }
        var values = law.parameters
        if law.form == .dataConstrained {
            let full = try DataConstrainedLaw(parameters: law.parameters)
            values["R_D"] = full.dataHalfLife
            values["R_N"] = full.paramsHalfLife
        }
        var held: [String: Double] = [:]
        for name in names where !free.contains(name) {
            if let v = values[name] { held[name] = v }
        }
        return held
    }
}
