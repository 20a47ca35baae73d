"""Demo comment phrases in Indonesian, Vietnamese, Thai and Chinese.

Full sentences (with final punctuation where the language uses it), by language
code, then theme key (complaints, praise: all eight demo themes) or NPS category
(generic). Thai and Chinese are written as they are, without spaces between
words (Thai puts a space between clauses). Merged with
:mod:`nps_toolkit.datasets.phrases_europe` into ``COMPLAINTS_XX``, ``PRAISE_XX``
and ``GENERIC_XX`` of :mod:`nps_toolkit.datasets.phrases`, where the composition
is described. The order of every list is part of the committed demo data.

Each complaint names its theme with a word the ``"ecommerce"`` theme pack knows
for that language and no word of another theme (e.g. no "barang" outside product
quality in Indonesian, no "สินค้า" outside it in Thai, no "快递员" in Chinese).
"""

from __future__ import annotations

__all__ = ["COMPLAINTS_ASIA", "GENERIC_ASIA", "PRAISE_ASIA"]

COMPLAINTS_ASIA: dict[str, dict[str, list[str]]] = {
    "id": {
        "delivery": [
            "Pengiriman terlambat satu minggu dari jadwal.",
            "Paket saya belum juga sampai, pengirimannya sangat lambat.",
            "Kurirnya datang terlambat lima hari.",
            "Paketnya datang penyok dan telat seminggu.",
        ],
        "price": [
            "Harganya terlalu mahal, tidak sesuai dengan yang saya dapat.",
            "Lebih mahal daripada toko lain, tidak sebanding dengan harganya.",
            "Harganya naik terus, sekarang sudah tidak terjangkau.",
        ],
        "support": [
            "Layanan pelanggan tidak pernah membalas email saya.",
            "Saya menunggu satu jam di telepon dan tidak ada yang membantu.",
            "CS-nya lambat sekali dan jawabannya cuma template.",
        ],
        "product_quality": [
            "Produknya rusak setelah dua hari, kualitasnya buruk sekali.",
            "Kualitasnya sangat mengecewakan, tidak sama dengan fotonya.",
            "Barangnya cacat dari pabrik, baru dibuka sudah tidak berfungsi.",
        ],
        "ease_of_use": [
            "Sangat sulit dipasang dan petunjuknya tidak jelas.",
            "Cara pakainya ribet sekali, harus tanya orang lain dulu.",
        ],
        "website_app": [
            "Aplikasinya selalu error waktu saya mau membayar.",
            "Situsnya lemot dan saya tidak bisa login.",
        ],
        "billing_refunds": [
            "Saya masih menunggu pengembalian dana sejak sebulan yang lalu.",
            "Saya kena tagihan dua kali untuk pesanan yang sama.",
            "Pesanan sudah dibatalkan tapi pengembalian dana belum juga masuk.",
        ],
        "staff": [
            "Pegawai di toko itu sangat tidak sopan kepada saya.",
            "Kasir di toko itu judes dan tidak mau menjawab pertanyaan.",
            "Karyawannya tidak ramah sama sekali.",
        ],
    },
    "vi": {
        "delivery": [
            "Giao hàng quá chậm, hơn một tuần mới nhận được.",
            "Đơn của tôi bị trễ năm ngày, shipper còn không gọi trước.",
            "Kiện hàng đến muộn mà bên vận chuyển không báo gì cả.",
        ],
        "price": [
            "Giá quá đắt so với những cửa hàng khác.",
            "Giá tăng liên tục, không còn đáng tiền nữa.",
            "Mã giảm giá không dùng được nên tôi phải trả nguyên giá.",
        ],
        "support": [
            "Chăm sóc khách hàng không bao giờ trả lời email của tôi.",
            "Gọi tổng đài chờ cả tiếng mà không ai giải quyết.",
            "Tôi nhắn bộ phận hỗ trợ năm lần mà vẫn chưa được giúp.",
        ],
        "product_quality": [
            "Sản phẩm bị hư hỏng chỉ sau hai ngày sử dụng.",
            "Chất lượng quá kém, không giống hình chút nào.",
            "Hàng lỗi ngay từ lúc mở hộp.",
        ],
        "ease_of_use": [
            "Rất khó dùng, hướng dẫn thì đọc không hiểu nổi.",
            "Lắp ráp phức tạp, sách hướng dẫn viết quá sơ sài.",
        ],
        "website_app": [
            "Ứng dụng cứ bị treo mỗi khi tôi thanh toán.",
            "Trang web chạy chậm và tôi không đăng nhập được.",
        ],
        "billing_refunds": [
            "Tôi bị trừ tiền hai lần cho cùng một đơn.",
            "Đã một tháng rồi mà tôi vẫn chưa được hoàn tiền.",
            "Số tiền trên hóa đơn của tôi bị sai.",
        ],
        "staff": [
            "Nhân viên cửa hàng rất thô lỗ với tôi.",
            "Thu ngân thái độ khó chịu, không thèm chào khách.",
        ],
    },
    "th": {
        "delivery": [
            "จัดส่งช้ามาก รอเกือบสองอาทิตย์กว่าจะมาถึง",
            "พัสดุยังไม่มาถึงเลย ทั้งที่สั่งไปตั้งนานแล้ว",
            "บริษัทขนส่งมาช้ากว่ากำหนดห้าวัน",
        ],
        "price": [
            "ราคาแพงเกินไป ไม่คุ้มเลย",
            "แพงกว่าร้านอื่นเยอะมาก",
            "โค้ดส่วนลดใช้ไม่ได้ เลยต้องจ่ายเต็มราคา",
        ],
        "support": [
            "ฝ่ายบริการลูกค้าไม่เคยตอบอีเมลเลย",
            "โทรหาคอลเซ็นเตอร์รอสายเป็นชั่วโมงก็ไม่มีใครช่วย",
            "ทักแชทหาแอดมินหลายรอบแต่ไม่มีใครตอบ",
        ],
        "product_quality": [
            "สินค้าพังหลังใช้ได้แค่สองวัน",
            "คุณภาพแย่มาก ไม่เหมือนในรูปเลย",
            "สินค้าชำรุดตั้งแต่แกะกล่อง",
        ],
        "ease_of_use": [
            "เครื่องนี้ใช้ยากมาก คู่มือก็อ่านไม่รู้เรื่อง",
            "ประกอบเองยุ่งยากมาก คู่มือไม่มีภาษาไทย",
        ],
        "website_app": [
            "แอปค้างตลอดตอนจะจ่ายเงิน",
            "เว็บไซต์โหลดช้าและเข้าสู่ระบบไม่ได้",
        ],
        "billing_refunds": [
            "โดนตัดเงินสองครั้งสำหรับคำสั่งซื้อเดียวกัน",
            "รอคืนเงินมาเดือนหนึ่งแล้วยังไม่ได้",
            "ยอดเงินในใบเสร็จไม่ถูกต้อง",
        ],
        "staff": [
            "พนักงานที่ร้านพูดจาไม่สุภาพเลย",
            "แคชเชียร์หน้าบึ้งและไม่สนใจลูกค้า",
        ],
    },
    "zh": {
        "delivery": [
            "快递太慢了，等了一个多星期才到。",
            "物流信息一直不更新，包裹到现在还没收到。",
            "下单五天了还没发货。",
        ],
        "price": [
            "价格太贵了，根本不值这个钱。",
            "同样的东西别家便宜多了，这里太贵。",
            "优惠券用不了，只能按原价付款。",
        ],
        "support": [
            "客服从来不回消息。",
            "打电话等了一个小时也没有人工服务。",
            "售后态度很差，问题一直没解决。",
        ],
        "product_quality": [
            "质量太差了，用了两天就坏了。",
            "实物和图片完全不一样，品质很差。",
            "收到的是次品，一打开就是坏的。",
        ],
        "ease_of_use": [
            "太难用了，说明书也看不懂。",
            "安装特别麻烦，折腾了一下午。",
        ],
        "website_app": [
            "手机应用一付款就闪退。",
            "网站很卡，经常登录不上。",
        ],
        "billing_refunds": [
            "同一个订单被扣款两次。",
            "申请退款一个月了还没到账。",
            "发票金额开错了。",
        ],
        "staff": [
            "店员态度很差，爱答不理的。",
            "收银员非常不礼貌。",
        ],
    },
}

PRAISE_ASIA: dict[str, dict[str, list[str]]] = {
    "id": {
        "delivery": [
            "Pengirimannya cepat, paket sampai keesokan harinya.",
            "Kurirnya ramah dan datang tepat waktu.",
        ],
        "price": ["Harganya sangat terjangkau.", "Harganya murah tapi tetap awet."],
        "support": [
            "Layanan pelanggannya ramah dan cepat membantu.",
            "CS-nya sabar dan cepat membalas.",
        ],
        "product_quality": [
            "Kualitas produknya sangat bagus, saya puas sekali.",
            "Barangnya sesuai dengan deskripsi dan kualitasnya bagus.",
        ],
        "ease_of_use": ["Sangat mudah dipakai, petunjuknya jelas."],
        "website_app": ["Aplikasinya lancar dan enak dipakai untuk belanja."],
        "billing_refunds": ["Pengembalian dana diproses dengan cepat."],
        "staff": ["Pegawainya selalu ramah dan membantu."],
    },
    "vi": {
        "delivery": [
            "Giao hàng nhanh, hôm sau đã nhận được.",
            "Shipper thân thiện, giao đúng hẹn.",
        ],
        "price": ["Giá rất hợp lý.", "Giá rẻ hơn nhiều so với chỗ khác."],
        "support": ["Chăm sóc khách hàng nhiệt tình và giải quyết rất nhanh."],
        "product_quality": [
            "Sản phẩm chất lượng tốt, tôi rất hài lòng.",
            "Chất lượng đúng như mô tả, rất đáng mua.",
        ],
        "ease_of_use": ["Rất dễ dùng, hướng dẫn rõ ràng."],
        "website_app": ["Ứng dụng mượt, đặt mua rất tiện."],
        "billing_refunds": ["Hoàn tiền nhanh chóng, không phải chờ lâu."],
        "staff": ["Nhân viên luôn vui vẻ và nhiệt tình."],
    },
    "th": {
        "delivery": ["จัดส่งเร็วมาก ได้ของวันรุ่งขึ้นเลย", "พัสดุแพ็กมาอย่างดี มาตรงเวลา"],
        "price": ["ราคาถูกและคุ้มค่ามาก"],
        "support": ["ฝ่ายบริการลูกค้าตอบเร็วและช่วยแก้ปัญหาได้ดี"],
        "product_quality": ["สินค้าคุณภาพดีมาก ประทับใจค่ะ", "คุณภาพตรงตามที่บรรยายไว้ ชอบมาก"],
        "ease_of_use": ["ใช้งานง่ายมาก คู่มืออธิบายชัดเจน"],
        "website_app": ["แอปใช้สะดวก สั่งซื้อได้ในไม่กี่นาที"],
        "billing_refunds": ["ขอคืนเงินได้รวดเร็ว ไม่ยุ่งยาก"],
        "staff": ["พนักงานยิ้มแย้มและเป็นกันเองทุกครั้ง"],
    },
    "zh": {
        "delivery": ["发货很快，第二天就到了。", "物流很给力，包装也很仔细。"],
        "price": ["价格很实惠，性价比很高。"],
        "support": ["客服很耐心，很快就帮我解决了问题。"],
        "product_quality": ["质量很好，非常满意。", "产品和描述的一样，做工很精细。"],
        "ease_of_use": ["操作很简单，说明书写得很清楚。"],
        "website_app": ["网站页面很清晰，下单很顺畅。"],
        "billing_refunds": ["退款很快就到账了，省心。"],
        "staff": ["店员热情又专业。"],
    },
}

GENERIC_ASIA: dict[str, dict[str, list[str]]] = {
    "id": {
        "detractor": ["Sangat kecewa, saya tidak akan belanja di sini lagi."],
        "passive": ["Secara umum lumayan, tapi masih bisa lebih baik."],
        "promoter": ["Sangat saya rekomendasikan, terima kasih banyak!"],
    },
    "vi": {
        "detractor": ["Rất thất vọng, tôi sẽ không bao giờ mua ở đây nữa."],
        "passive": ["Nhìn chung cũng ổn, nhưng vẫn cần cải thiện thêm."],
        "promoter": ["Tôi sẽ giới thiệu cho bạn bè, cảm ơn shop nhiều!"],
    },
    "th": {
        "detractor": ["ผิดหวังมาก จะไม่ซื้อที่นี่อีกแล้ว"],
        "passive": ["โดยรวมก็โอเค แต่ยังปรับปรุงได้อีก"],
        "promoter": ["แนะนำเลยค่ะ ขอบคุณมากนะคะ"],
    },
    "zh": {
        "detractor": ["非常失望，以后再也不会在这里买了。"],
        "passive": ["总体还行，但还有改进的空间。"],
        "promoter": ["强烈推荐，非常感谢！"],
    },
}
