/// The names of Vietnam's provinces and centrally governed cities, from the slugs the log
/// writes (`ha-tinh` → `Hà Tĩnh`, `trung-uong` → `Trung ương`): the 63 before the 2025
/// reorganisation and the names it made. A slug the table does not know is shown as written.
public enum ProvinceNames {
    /// The name of the province whose slug is `slug`.
    public static func name(_ slug: String, _ language: Language) -> String {
        if slug.isEmpty { return "—" }
        if slug == "trung-uong" { return language.pick(vi: "Trung ương", en: "Central") }
        return bySlug[slug] ?? slug
    }

    private static let names = [
        "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương",
        "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
        "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình",
        "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định",
        "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh",
        "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế",
        "Tiền Giang", "Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
    ]

    private static let bySlug: [String: String] = {
        var table: [String: String] = [:]
        for name in names { table[slug(name)] = name }
        table["ba-ria-vung-tau"] = "Bà Rịa - Vũng Tàu"
        table["tp-ho-chi-minh"] = "TP. Hồ Chí Minh"
        return table
    }()

    /// `Hà Tĩnh` → `ha-tinh`: lower case, without diacritics, words joined by `-`.
    static func slug(_ name: String) -> String {
        var out = ""
        var dash = false
        for ch in name.lowercased() {
            let base = fold[ch] ?? ch
            if base.isLetter || base.isNumber {
                if dash, !out.isEmpty { out.append("-") }
                dash = false
                out.append(base)
            } else {
                dash = true
            }
        }
        return out
    }

    private static let fold: [Character: Character] = {
        var table: [Character: Character] = ["đ": "d"]
        let groups: [(Character, String)] = [
            ("a", "àáạảãâầấậẩẫăằắặẳẵ"), ("e", "èéẹẻẽêềếệểễ"), ("i", "ìíịỉĩ"), ("o", "òóọỏõôồốộổỗơờớợởỡ"),
            ("u", "ùúụủũưừứựửữ"), ("y", "ỳýỵỷỹ"),
        ]
        for (base, accented) in groups { for c in accented { table[c] = base } }
        return table
    }()
}
