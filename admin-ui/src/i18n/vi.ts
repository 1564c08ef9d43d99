import { en } from './en';

/** Vietnamese for the registry's own strings; react-admin's built-in labels stay in English. */
export const vi = {
  ...en,
  swr: {
    signIn: { title: 'Đăng nhập', email: 'Email', password: 'Mật khẩu', submit: 'Đăng nhập', forgot: 'Quên mật khẩu?', code: 'Mã xác thực', verify: 'Xác minh', useRecovery: 'Dùng mã khôi phục', useTotp: 'Dùng mã từ ứng dụng xác thực', recovery: 'Mã khôi phục', mfaHelp: 'Nhập mã 6 chữ số từ ứng dụng xác thực.', enrolTitle: 'Thiết lập đăng nhập hai bước', enrolHelp: 'Cán bộ hội đồng đăng nhập hai bước. Quét mã này bằng ứng dụng xác thực (hoặc nhập mã bí mật), rồi nhập mã 6 chữ số.', secret: 'Mã bí mật', confirm: 'Xác nhận', recoveryTitle: 'Lưu mã khôi phục', recoveryHelp: 'Mỗi mã dùng để đăng nhập một lần nếu bạn mất ứng dụng xác thực. Mã chỉ hiển thị lúc này.', saved: 'Tôi đã lưu các mã này', back: 'Quay lại đăng nhập' },
    reset: { title: 'Đặt lại mật khẩu', request: 'Gửi liên kết cho tôi', sent: 'Nếu có tài khoản dùng địa chỉ này, liên kết đang được gửi. Liên kết dùng một lần và hết hạn sau 30 phút.', choose: 'Chọn mật khẩu mới', newPassword: 'Mật khẩu mới (từ 12 ký tự)', done: 'Mật khẩu đã được đổi. Hãy đăng nhập.' },
    dashboard: { title: 'Tổng quan', accounts: 'Tài khoản', audit: 'Sự kiện kiểm toán (24 giờ)', auditTotal: 'Tổng số sự kiện kiểm toán', outboxPending: 'Thư đang chờ gửi', outboxFailed: 'Thư gửi thất bại' },
    portal: { welcome: 'Xin chào, %{name}', roles: 'Vai trò', social_worker: 'Là nhân viên công tác xã hội, bạn nộp hồ sơ đăng ký và nâng hạng, khai báo bằng cấp và ghi giờ thực hành có giám sát tại đây.', employer: 'Là nhà tuyển dụng, bạn sẽ tra cứu giấy phép và theo dõi danh sách nhân viên tại đây.', school_admin: 'Là quản trị viên trường, bạn quản lý chương trình, hồ sơ kiểm định và danh sách tốt nghiệp tại đây.', cpd_provider: 'Là đơn vị đào tạo CPD được công nhận, bạn đề xuất hoạt động với Hội đồng và tải lên danh sách tham dự tại đây; người tham dự sẽ được ghi nhận CPD đã xác minh.', account: 'Tài khoản của bạn', email: 'Email', language: 'Ngôn ngữ' },
    menu: { dashboard: 'Tổng quan', language: 'Ngôn ngữ' },
  },
};
