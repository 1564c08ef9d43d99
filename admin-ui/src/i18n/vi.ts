import { en } from './en';

/** Vietnamese for the registry's own strings; react-admin's built-in labels stay in English. */
export const vi = {
  ...en,
  swr: {
    signIn: { title: 'Đăng nhập', email: 'Email', password: 'Mật khẩu', submit: 'Đăng nhập', forgot: 'Quên mật khẩu?', code: 'Mã xác thực', verify: 'Xác minh', useRecovery: 'Dùng mã khôi phục', useTotp: 'Dùng mã từ ứng dụng xác thực', recovery: 'Mã khôi phục', mfaHelp: 'Nhập mã 6 chữ số từ ứng dụng xác thực.', enrolTitle: 'Thiết lập đăng nhập hai bước', enrolHelp: 'Cán bộ hội đồng đăng nhập hai bước. Quét mã này bằng ứng dụng xác thực (hoặc nhập mã bí mật), rồi nhập mã 6 chữ số.', secret: 'Mã bí mật', confirm: 'Xác nhận', recoveryTitle: 'Lưu mã khôi phục', recoveryHelp: 'Mỗi mã dùng để đăng nhập một lần nếu bạn mất ứng dụng xác thực. Mã chỉ hiển thị lúc này.', saved: 'Tôi đã lưu các mã này', back: 'Quay lại đăng nhập' },
    reset: { title: 'Đặt lại mật khẩu', request: 'Gửi liên kết cho tôi', sent: 'Nếu có tài khoản dùng địa chỉ này, liên kết đang được gửi. Liên kết dùng một lần và hết hạn sau 30 phút.', choose: 'Chọn mật khẩu mới', newPassword: 'Mật khẩu mới (từ 12 ký tự)', done: 'Mật khẩu đã được đổi. Hãy đăng nhập.' },
    dashboard: { title: 'Tổng quan', accounts: 'Tài khoản', audit: 'Sự kiện kiểm toán (24 giờ)', auditTotal: 'Tổng số sự kiện kiểm toán', outboxPending: 'Thư đang chờ gửi', outboxFailed: 'Thư gửi thất bại', waiting: 'Việc đang chờ bạn', open: 'Mở', applications: 'Hồ sơ cấp phép chờ xét', renewalsAtRisk: 'Gia hạn có nguy cơ quá hạn', cpdRecords: 'Hồ sơ CPD chờ duyệt', accreditations: 'Hồ sơ kiểm định đã nộp' },
    portal: { welcome: 'Xin chào, %{name}', roles: 'Vai trò', social_worker: 'Là nhân viên công tác xã hội, bạn nộp hồ sơ đăng ký và nâng hạng, khai báo bằng cấp và ghi giờ thực hành có giám sát tại đây.', employer: 'Là nhà tuyển dụng, bạn tra cứu giấy phép hàng loạt, theo dõi danh sách nhân viên, quản lý khoá API và webhook tại đây.', school_admin: 'Là quản trị viên trường, bạn quản lý chương trình, hồ sơ kiểm định và danh sách tốt nghiệp tại đây.', cpd_provider: 'Là đơn vị đào tạo CPD được công nhận, bạn đề xuất hoạt động với Hội đồng và tải lên danh sách tham dự tại đây; người tham dự sẽ được ghi nhận CPD đã xác minh.', account: 'Tài khoản của bạn', email: 'Email', language: 'Ngôn ngữ' },
    employers: {
      bulkTitle: 'Tra cứu hàng loạt', bulkHelp: 'Dán tối đa 1.000 số giấy phép (mỗi dòng một số, hoặc cách nhau bằng dấu phẩy), hoặc tải lên tệp CSV mỗi dòng một số hoặc có cột tên number.',
      numbers: 'Số giấy phép', check: 'Tra cứu', checking: 'Đang tra cứu…', uploadCsv: 'Tải lên CSV', downloadCsv: 'Tải xuống CSV', results: 'Kết quả',
      input: 'Bạn đã nhập', result: 'Kết quả', name: 'Họ tên', tier: 'Hạng', status: 'Trạng thái', validUntil: 'Hiệu lực đến', conditions: 'Điều kiện công khai',
      outcome: { found: 'tìm thấy', not_found: 'không tìm thấy', malformed: 'không phải số giấy phép' },
      watchTitle: 'Danh sách theo dõi', watchHelp: 'Các giấy phép quý cơ quan theo dõi. Khi một giấy phép thay đổi trạng thái hoặc có thêm hay hết điều kiện công khai, quý cơ quan được báo qua email và webhook (nếu đã thiết lập).',
      watchAdd: 'Theo dõi', watchAdded: 'Đã thêm vào danh sách theo dõi', watchRemoved: 'Đã xoá khỏi danh sách theo dõi', number: 'Số giấy phép', label: 'Mã tham chiếu của bạn', importCsv: 'Nhập CSV',
      imported: 'Đã thêm %{added}, đã theo dõi trước %{already}, không tìm thấy %{notFound}, không hợp lệ %{malformed}', watchCount: 'Đang theo dõi %{smart_count} giấy phép', remove: 'Xoá',
      keysTitle: 'Khoá API', keysHelp: 'Khoá cho phép hệ thống của bạn tra cứu giấy phép và quản lý danh sách theo dõi. Gửi khoá bằng "Authorization: Bearer <khoá>" hoặc "X-Api-Key: <khoá>".',
      createKey: 'Tạo khoá', keyName: 'Tên', keyOnce: 'Hãy sao chép khoá ngay: khoá chỉ hiển thị một lần. Hệ thống chỉ lưu giá trị băm.', newKey: 'Khoá API mới', copy: 'Sao chép', copied: 'Đã sao chép',
      prefix: 'Khoá', created: 'Ngày tạo', lastUsed: 'Lần dùng cuối', revoked: 'Đã thu hồi', revoke: 'Thu hồi',
      webhookTitle: 'Webhook', webhookHelp: 'Hệ thống gửi (POST) mỗi cảnh báo dưới dạng JSON đến địa chỉ này, ký bằng HMAC-SHA256 (tiêu đề X-Registry-Signature), và gửi lại với thời gian chờ tăng dần nếu thất bại.',
      rotate: 'Cấp khoá ký mới', save: 'Lưu', removeWebhook: 'Xoá webhook', secretOnce: 'Khoá ký của bạn (chỉ hiển thị lúc này):',
      deliveries: 'Thông báo gần đây', when: 'Thời điểm', event: 'Thay đổi', webhook: 'Webhook', attempts: 'Số lần gửi', next: 'lần tới', lastError: 'Lỗi gần nhất', retry: 'Gửi lại',
      menuBulk: 'Tra cứu hàng loạt', menuWatch: 'Danh sách theo dõi', menuKeys: 'Khoá API', menuWebhook: 'Webhook',
    },
    menu: { dashboard: 'Tổng quan', language: 'Ngôn ngữ' },
  },
};
