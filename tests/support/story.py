"""A short Indonesian news story, for tests that need one article's paragraphs."""

from __future__ import annotations

PARAGRAPHS = [
    "Ratusan warga Desa Sukamaju turun ke sungai pada Minggu pagi untuk membersihkan sampah"
    " plastik yang menumpuk sejak musim hujan dimulai bulan lalu.",
    "Kepala desa mengatakan kegiatan ini akan diadakan setiap bulan agar aliran sungai tetap"
    " lancar dan warga terhindar dari banjir ketika hujan deras turun.",
    "Sampah yang terkumpul dibawa ke tempat pembuangan sementara dan sebagian dipilah oleh bank"
    " sampah desa untuk didaur ulang menjadi kerajinan.",
    "Warga berharap pemerintah kabupaten menambah armada truk sampah sehingga sampah tidak lagi"
    " dibuang ke sungai oleh warga yang tinggal di bantaran.",
]
TITLE = "Warga Desa Sukamaju Gotong Royong Bersihkan Sungai"
